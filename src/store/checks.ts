// Store health checks for `huifang doctor`: each a small function returning what it found.
import type { MessageKey, MessageParams } from '../i18n/index.js';
import type { Db } from './db.js';
import { schemaVersion } from './db.js';
import { latestVersion } from './migrations.js';

export interface CheckResult {
  name: string;
  ok: boolean;
  key: MessageKey;
  params: MessageParams;
  details: string[];
}

type Check = (db: Db) => CheckResult;

const integrity: Check = (db) => {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  const ok = rows.length === 1 && rows[0]?.integrity_check === 'ok';
  return { name: 'integrity', ok, key: ok ? 'doctor.integrityOk' : 'doctor.integrityBad', params: {}, details: ok ? [] : rows.map((r) => r.integrity_check) };
};

const foreignKeys: Check = (db) => {
  const rows = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
  return {
    name: 'foreign_keys',
    ok: rows.length === 0,
    key: rows.length === 0 ? 'doctor.foreignKeysOk' : 'doctor.foreignKeysBad',
    params: { count: rows.length },
    details: rows.slice(0, 20).map((r) => `${r.table} rowid ${r.rowid} → ${r.parent}`),
  };
};

const version: Check = (db) => {
  const v = schemaVersion(db);
  return {
    name: 'schema_version',
    ok: v === latestVersion,
    key: v === latestVersion ? 'doctor.versionOk' : 'doctor.versionBad',
    params: { version: v, supported: latestVersion },
    details: [],
  };
};

/** At most one primary contact per customer (imports keep this; a hand edit might not). */
const primaryContacts: Check = (db) => {
  const rows = db
    .prepare(
      `SELECT c.code FROM contact k JOIN customer c ON c.id = k.customer_id
       WHERE k.is_primary = 1 GROUP BY k.customer_id HAVING count(*) > 1 ORDER BY c.code`,
    )
    .pluck()
    .all() as string[];
  return {
    name: 'primary_contacts',
    ok: rows.length === 0,
    key: rows.length === 0 ? 'doctor.primaryOk' : 'doctor.primaryBad',
    params: { count: rows.length },
    details: rows.slice(0, 20),
  };
};

/** Later capabilities add their consistency checks to this list. */
export const CHECKS: readonly Check[] = [integrity, foreignKeys, version, primaryContacts];

export function runChecks(db: Db): CheckResult[] {
  return CHECKS.map((check) => check(db));
}
