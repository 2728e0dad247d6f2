// Store health checks for `huifang doctor`: each a small function returning what it found.
import type { MessageKey, MessageParams } from '../i18n/index.js';
import type { Db } from './db.js';
import { chmodPrivate, filesOpenToOthers, integrityProblems, isCorruption, schemaVersion } from './db.js';
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
  const problems = integrityProblems(db);
  const ok = problems.length === 0;
  return { name: 'integrity', ok, key: ok ? 'doctor.integrityOk' : 'doctor.integrityBad', params: {}, details: problems };
};

/** Customer data is personal (SPEC §5): a store created with 644 leaks it, and SQLite gives -wal/-shm the same mode. */
const privateFiles: Check = (db) => {
  const open = filesOpenToOthers(db.name);
  return {
    name: 'file_mode',
    ok: open.length === 0,
    key: open.length === 0 ? 'doctor.modeOk' : 'doctor.modeBad',
    params: { count: open.length, fix: chmodPrivate(open) },
    details: open,
  };
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

/** A consistency check: the query lists offending rows as text; none means it passes. */
function listing(name: string, okKey: MessageKey, badKey: MessageKey, sql: string): Check {
  return (db) => {
    const rows = db.prepare(sql).pluck().all() as string[];
    return { name, ok: rows.length === 0, key: rows.length === 0 ? okKey : badKey, params: { count: rows.length }, details: rows.slice(0, 20) };
  };
}

/** Every done task was done by a reached visit of the same customer. */
const doneByReachedVisit = listing(
  'done_tasks',
  'doctor.doneOk',
  'doctor.doneBad',
  `SELECT 'task #' || t.id FROM task t LEFT JOIN visit v ON v.id = t.done_visit_id
   WHERE t.status = 'done' AND (v.id IS NULL OR v.outcome <> 'reached' OR v.customer_id <> t.customer_id)`,
);

/** Lost and do-not-contact customers have nothing open (SPEC §3.0). */
const nothingOpenForUncontactable = listing(
  'uncontactable',
  'doctor.uncontactableOk',
  'doctor.uncontactableBad',
  `SELECT c.code || ' task #' || t.id FROM task t JOIN customer c ON c.id = t.customer_id
   WHERE t.status IN ('open', 'unreachable') AND c.status IN ('lost', 'do_not_contact')`,
);

/** A confirmed issue is no longer chased (SPEC §3.4). */
const noChaseAfterConfirm = listing(
  'confirmed_issues',
  'doctor.chaseOk',
  'doctor.chaseBad',
  `SELECT 'issue #' || i.id || ' task #' || t.id FROM task t JOIN issue i ON i.id = t.issue_id
   WHERE t.status IN ('open', 'unreachable') AND i.status = 'confirmed'`,
);

/** Checks run by `huifang doctor`, in order. */
export const CHECKS: readonly Check[] = [
  integrity,
  privateFiles,
  foreignKeys,
  version,
  primaryContacts,
  doneByReachedVisit,
  nothingOpenForUncontactable,
  noChaseAfterConfirm,
];

/**
 * Run every check. On a damaged store a check may be unable to read what it needs: that is a failed
 * check with SQLite's words as its detail, and the remaining checks still run.
 */
export function runChecks(db: Db): CheckResult[] {
  return CHECKS.map((check) => {
    try {
      return check(db);
    } catch (err) {
      if (!isCorruption(err)) throw err;
      return { name: 'unreadable', ok: false, key: 'doctor.unreadable', params: {}, details: [(err as Error).message] };
    }
  });
}
