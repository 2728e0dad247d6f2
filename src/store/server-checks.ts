// What `huifang doctor` checks on a PostgreSQL store: the server answers, the schema is current, the server enforces every reference.
// (SQLite's page-level integrity check and file modes have no meaning there: the server keeps its own files.)
import type { CheckResult } from './checks.js';
import { storeVersion } from './copy.js';
import type { Db } from './db.js';
import { latestVersion } from './migrations.js';
import { sql } from './sql.js';

export function serverChecks(db: Db, server: string): CheckResult[] {
  // "15.18 (Debian 15.18-0+deb12u1)": the release number is what the user compares.
  const release = (db.value<string>(sql`SELECT current_setting('server_version')`) ?? '').split(' ')[0] ?? '';
  const version = storeVersion(db);
  // A foreign key added NOT VALID is enforced for new rows only; every one of ours must be validated.
  const keys = db.get<{ total: number; unvalidated: number }>(sql`
    SELECT count(*) AS total, count(*) FILTER (WHERE NOT c.convalidated) AS unvalidated
    FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
    WHERE c.contype = 'f' AND n.nspname = current_schema()`) ?? { total: 0, unvalidated: 0 };
  const unvalidated = db.values<string>(sql`
    SELECT c.conrelid::regclass::text || ' ' || c.conname
    FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
    WHERE c.contype = 'f' AND n.nspname = current_schema() AND NOT c.convalidated ORDER BY 1`);
  return [
    { name: 'server', ok: true, key: 'doctor.serverOk', params: { server, release }, details: [] },
    {
      name: 'schema_version',
      ok: version === latestVersion,
      key: version === latestVersion ? 'doctor.versionOk' : 'doctor.versionBad',
      params: { version, supported: latestVersion },
      details: [],
    },
    {
      name: 'foreign_keys',
      ok: keys.unvalidated === 0,
      key: keys.unvalidated === 0 ? 'doctor.serverForeignKeysOk' : 'doctor.serverForeignKeysBad',
      params: { count: keys.unvalidated === 0 ? keys.total : keys.unvalidated },
      details: unvalidated.slice(0, 20),
    },
  ];
}
