// Store health checks for `huifang doctor`: each a small function returning what it found.
import type { MessageKey, MessageParams } from '../i18n/index.js';
import type { Db } from './db.js';
import { chmodPrivate, filesOpenToOthers, integrityProblems, isCorruption, schemaVersion } from './db.js';
import { latestVersion } from './migrations.js';
import { PgDb, sqlStateOf } from './pg-driver.js';
import { sql, type RawBuilder } from './sql.js';
import { SqliteDb } from './sqlite-driver.js';

export interface CheckResult {
  name: string;
  ok: boolean;
  key: MessageKey;
  params: MessageParams;
  details: string[];
}

type Check = (db: Db) => CheckResult;

/**
 * The better-sqlite3 connection behind a SQLite store: SQLite's own checks are pragmas, which only
 * it has. Each check that needs it runs on SQLite only (CHECKS below picks them per dialect).
 */
function sqliteConnection(db: Db) {
  if (!(db instanceof SqliteDb)) throw new Error(`a SQLite check was run on a ${db.dialect} store`);
  return db.raw;
}

/** SQLite reads every page of the file and matches the indexes to their tables. */
const integrity: Check = (db) => {
  const problems = integrityProblems(sqliteConnection(db));
  const ok = problems.length === 0;
  return { name: 'integrity', ok, key: ok ? 'doctor.integrityOk' : 'doctor.integrityBad', params: {}, details: problems };
};

/**
 * On PostgreSQL the server owns the pages (its write-ahead log, and data checksums when the cluster
 * has them); what it found is in its statistics: a page that failed its checksum is damage, as a
 * failed integrity_check is on SQLite. A server without checksums has nothing to report (NULL).
 */
const serverIntegrity: Check = (db) => {
  const failures = db.value<number | null>(sql`SELECT checksum_failures FROM pg_stat_database WHERE datname = current_database()`) ?? 0;
  const checksums = db.value<string>(sql`SELECT current_setting('data_checksums')`) ?? 'off';
  const ok = failures === 0;
  return {
    name: 'integrity',
    ok,
    // Whether the cluster checksums its pages is said in words of the language, not the setting's on/off.
    key: !ok ? 'doctor.serverIntegrityBad' : checksums === 'on' ? 'doctor.serverIntegrityOk' : 'doctor.serverIntegrityOkNoChecksums',
    params: { count: failures },
    details: [],
  };
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

/**
 * The server's counterpart of the file modes: customer data is personal (SPEC §5), and a table that
 * PUBLIC may read is readable by every login of the server, whatever its role in huifang.
 */
const serverPublicAccess: Check = (db) => {
  const tables = db.values<string>(
    sql`SELECT c.relname FROM pg_class c
       WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
         AND has_table_privilege('public', c.oid, 'SELECT')
       ORDER BY c.relname`,
  );
  return {
    name: 'public_access',
    ok: tables.length === 0,
    key: tables.length === 0 ? 'doctor.publicAccessOk' : 'doctor.publicAccessBad',
    params: { count: tables.length, fix: `REVOKE ALL ON ${tables.map((t) => `"${t.replaceAll('"', '""')}"`).join(', ')} FROM PUBLIC` },
    details: tables.slice(0, 20),
  };
};

function foreignKeyResult(count: number, details: string[]): CheckResult {
  return {
    name: 'foreign_keys',
    ok: count === 0,
    key: count === 0 ? 'doctor.foreignKeysOk' : 'doctor.foreignKeysBad',
    params: { count },
    details: details.slice(0, 20),
  };
}

/** SQLite enforces foreign keys only on connections that ask (every huifang connection does; another program may not). */
const foreignKeys: Check = (db) => {
  const rows = sqliteConnection(db).pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
  return foreignKeyResult(
    rows.length,
    rows.map((r) => `${r.table} rowid ${r.rowid} → ${r.parent}`),
  );
};

/**
 * PostgreSQL enforces every foreign key itself, but a constraint added NOT VALID, or rows loaded with
 * the triggers off (session_replication_role = replica, as bulk loaders do), can leave references to
 * nothing; so the check looks at the data, like SQLite's foreign_key_check: for each foreign key of
 * the schema (all single-column in huifang's), the rows whose reference has no parent.
 */
const serverForeignKeys: Check = (db) => {
  const keys = db.all<{ child: string; column: string; parent: string; target: string }>(
    sql`SELECT cl.relname AS child, ca.attname AS "column", pl.relname AS parent, pa.attname AS target
       FROM pg_constraint k
       JOIN pg_class cl ON cl.oid = k.conrelid JOIN pg_class pl ON pl.oid = k.confrelid
       JOIN pg_attribute ca ON ca.attrelid = k.conrelid AND ca.attnum = k.conkey[1]
       JOIN pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = k.confkey[1]
       WHERE k.contype = 'f' AND cl.relnamespace = current_schema()::regnamespace
       ORDER BY cl.relname, ca.attname`,
  );
  let count = 0;
  const details: string[] = [];
  for (const k of keys) {
    const missing = db.values<number>(
      sql`SELECT c.${sql.ref(k.column)} FROM ${sql.table(k.child)} c
         WHERE c.${sql.ref(k.column)} IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM ${sql.table(k.parent)} p WHERE p.${sql.ref(k.target)} = c.${sql.ref(k.column)})
         ORDER BY 1`,
    );
    count += missing.length;
    for (const value of missing) if (details.length < 20) details.push(`${k.child}.${k.column} ${value} → ${k.parent}`);
  }
  return foreignKeyResult(count, details);
};

/** The server answers, and which release it is (what an administrator compares with support notes). */
const serverAnswers: Check = (db) => {
  // "15.18 (Debian 15.18-0+deb12u1)": the release number is what the user compares.
  const release = (db.value<string>(sql`SELECT current_setting('server_version')`) ?? '').split(' ')[0] ?? '';
  const server = db instanceof PgDb ? db.server : db.name;
  return { name: 'server', ok: true, key: 'doctor.serverOk', params: { server, release }, details: [] };
};

/** A foreign key added NOT VALID is enforced for new rows only: every one of ours must be validated. */
const serverKeysValidated: Check = (db) => {
  const unvalidated = db.values<string>(sql`
    SELECT c.conrelid::regclass::text || ' ' || c.conname
    FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
    WHERE c.contype = 'f' AND n.nspname = current_schema() AND NOT c.convalidated ORDER BY 1`);
  const total = db.value<number>(sql`
    SELECT count(*) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
    WHERE c.contype = 'f' AND n.nspname = current_schema()`) ?? 0;
  const ok = unvalidated.length === 0;
  return { name: 'validated_keys', ok, key: ok ? 'doctor.serverForeignKeysOk' : 'doctor.serverForeignKeysBad', params: { count: ok ? total : unvalidated.length }, details: unvalidated.slice(0, 20) };
};

const version: Check = (db) => {
  // SQLite keeps the version in the file header (user_version); PostgreSQL in a table of its own.
  const v = db.dialect === 'sqlite' ? schemaVersion(sqliteConnection(db)) : (db.value<number>(sql`SELECT version FROM schema_version`) ?? 0);
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
  const rows = db.values<string>(
    sql`SELECT c.code FROM contact k JOIN customer c ON c.id = k.customer_id
       WHERE k.is_primary = 1 GROUP BY k.customer_id, c.code HAVING count(*) > 1 ORDER BY c.code`,
  );
  return {
    name: 'primary_contacts',
    ok: rows.length === 0,
    key: rows.length === 0 ? 'doctor.primaryOk' : 'doctor.primaryBad',
    params: { count: rows.length },
    details: rows.slice(0, 20),
  };
};

/** A consistency check: the query lists offending rows as text; none means it passes. */
function listing(name: string, okKey: MessageKey, badKey: MessageKey, query: RawBuilder<unknown>): Check {
  return (db) => {
    const rows = db.values<string>(query);
    return { name, ok: rows.length === 0, key: rows.length === 0 ? okKey : badKey, params: { count: rows.length }, details: rows.slice(0, 20) };
  };
}

/** Every done task was done by a reached visit of the same customer. */
const doneByReachedVisit = listing(
  'done_tasks',
  'doctor.doneOk',
  'doctor.doneBad',
  sql`SELECT 'task #' || t.id FROM task t LEFT JOIN visit v ON v.id = t.done_visit_id
   WHERE t.status = 'done' AND (v.id IS NULL OR v.outcome <> 'reached' OR v.customer_id <> t.customer_id)`,
);

/** Lost and do-not-contact customers have nothing open (SPEC §3.0). */
const nothingOpenForUncontactable = listing(
  'uncontactable',
  'doctor.uncontactableOk',
  'doctor.uncontactableBad',
  sql`SELECT c.code || ' task #' || t.id FROM task t JOIN customer c ON c.id = t.customer_id
   WHERE t.status IN ('open', 'unreachable') AND c.status IN ('lost', 'do_not_contact')`,
);

/** A confirmed issue is no longer chased (SPEC §3.4). */
const noChaseAfterConfirm = listing(
  'confirmed_issues',
  'doctor.chaseOk',
  'doctor.chaseBad',
  sql`SELECT 'issue #' || i.id || ' task #' || t.id FROM task t JOIN issue i ON i.id = t.issue_id
   WHERE t.status IN ('open', 'unreachable') AND i.status = 'confirmed'`,
);

/** Checks run by `huifang doctor` on a SQLite file, in order. */
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
 * Checks on a PostgreSQL store, in the same order: the server's page checks for SQLite's, who may
 * read the tables for the file modes (the server's files are its administrator's), the references by the data.
 */
export const SERVER_CHECKS: readonly Check[] = [
  serverAnswers,
  serverIntegrity,
  serverPublicAccess,
  serverKeysValidated,
  serverForeignKeys,
  version,
  primaryContacts,
  doneByReachedVisit,
  nothingOpenForUncontactable,
  noChaseAfterConfirm,
];

/** PostgreSQL's words for a damaged page or index (SQLSTATE class XX: data_corrupted, index_corrupted). */
const SERVER_CORRUPTION = new Set(['XX001', 'XX002']);

/**
 * Run every check. On a damaged store a check may be unable to read what it needs: that is a failed
 * check with the database's words as its detail, and the remaining checks still run.
 */
export function runChecks(db: Db): CheckResult[] {
  return (db.dialect === 'sqlite' ? CHECKS : SERVER_CHECKS).map((check) => {
    try {
      return check(db);
    } catch (err) {
      if (!isCorruption(err) && !SERVER_CORRUPTION.has(sqlStateOf(err))) throw err;
      return { name: 'unreadable', ok: false, key: 'doctor.unreadable', params: {}, details: [(err as Error).message] };
    }
  });
}
