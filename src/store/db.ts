// Opening the store, a SQLite file or a PostgreSQL server: pragmas, migrations, file modes, transactions.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { InputError, StoreError } from '../errors.js';
import type { Db as DriverDb, OpenWriteTransaction, WriteOptions } from './driver.js';
import { latestVersion, migrations, type Migration } from './migrations.js';
import { isPostgresUrl, PgDb, pgStoreErrorFrom, sqlStateOf } from './pg-driver.js';
import { BUSY_TIMEOUT_MS, SqliteDb } from './sqlite-driver.js';
import { sql } from './sql.js';

export type { OpenWriteTransaction } from './driver.js';

/** A store connection: a SQLite file or a PostgreSQL server behind one interface (store/driver.ts). */
export type Db = DriverDb;

/** Owner read/write only: customer data is personal data (SPEC §5). */
export const PRIVATE_FILE_MODE = 0o600;

function applyPragmas(db: Database.Database): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('foreign_keys = ON');
  if (db.name !== ':memory:') {
    db.pragma('journal_mode = WAL');
  }
  // FULL: a call record that was confirmed must survive a power cut.
  db.pragma('synchronous = FULL');
}

/**
 * The store this process opened. A driver error raised after opening (a lock, a full disk, a
 * damaged page) carries no path, and a command works on one store: this names it.
 */
let storeInUse: string | undefined;
/** host:port of the PostgreSQL server in use, for messages about it. */
let serverInUse = '';

/** Translate driver errors that mean "the store is the problem" into exit-4 errors naming the store. */
export function storeErrorFrom(err: unknown, path = storeInUse ?? ''): StoreError | undefined {
  if (err instanceof StoreError) return err;
  if (sqlStateOf(err) !== '' || (serverInUse !== '' && err instanceof Error)) return pgStoreErrorFrom(err, path, serverInUse);
  const code = (err as { code?: unknown })?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return undefined;
  if (/^SQLITE_(BUSY|LOCKED)/.test(code)) return new StoreError('store.locked', { path });
  if (isCorruption(err)) return new StoreError('store.corrupt', { path });
  if (code === 'SQLITE_FULL') return new StoreError('store.full', { path });
  // Another program's interrupted write (its -wal) must be recovered, and this user may not write.
  if (/^SQLITE_READONLY_(RECOVERY|CANTINIT|CANTLOCK|ROLLBACK)/.test(code)) return new StoreError('store.needsRecovery', { path });
  if (/^SQLITE_READONLY/.test(code)) return new StoreError('store.readOnly', { path });
  if (/^SQLITE_(CANTOPEN|IOERR|PERM|AUTH)/.test(code)) return new StoreError('store.cantOpen', { path });
  return undefined;
}

function guard<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw storeErrorFrom(err, path) ?? err;
  }
}

/** Apply pending migrations, each in its own IMMEDIATE transaction; refuse a store from a newer version. */
export function migrate(db: Database.Database, path = db.name, list: readonly Migration[] = migrations): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const supported = list.length;
  if (current > supported) {
    throw new StoreError('store.newer', { path, version: current, supported });
  }
  for (const m of list) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}

/** The better-sqlite3 connection behind a SQLite store; undefined for a server store. */
export function sqliteOf(db: Db | DriverDb | Database.Database): Database.Database | undefined {
  if (db instanceof SqliteDb) return db.raw;
  if (db instanceof PgDb) return undefined;
  return db as Database.Database;
}

export function schemaVersion(db: Db | Database.Database): number {
  const raw = sqliteOf(db);
  if (!raw) return serverSchemaVersion(db as unknown as PgDb);
  return raw.pragma('user_version', { simple: true }) as number;
}

/**
 * Create a new store file (owner-only) and its schema; refuses to touch an existing file. `init` and
 * `demo` create it at a temporary path and move it into place once complete (io/output-file), so
 * errors name `shownPath`, the path the user gave.
 */
export function createStore(path: string, shownPath = path, seed?: (db: Db) => void): Db {
  if (isPostgresUrl(path)) return createServerStore(path, seed);
  if (fs.existsSync(path)) throw new StoreError('store.exists', { path: shownPath });
  // Create the file ourselves so its mode is private from the first byte; SQLite gives
  // the -wal and -shm files the same mode as the database file.
  try {
    fs.closeSync(fs.openSync(path, 'wx', PRIVATE_FILE_MODE));
  } catch {
    throw new StoreError('store.cantCreate', { path: shownPath });
  }
  storeInUse = shownPath;
  return guard(shownPath, () => {
    const db = new Database(path);
    applyPragmas(db);
    migrate(db, path);
    const store = new SqliteDb(db, shownPath) as unknown as Db;
    if (seed) store.transaction(() => seed(store));
    return store;
  });
}

/** Open an existing store, migrating it forward. A missing file is exit 4 with a hint to run init. */
export function openStore(path: string, options: { readonly?: boolean } = {}): Db {
  if (isPostgresUrl(path)) return openServerStore(path);
  if (!fs.existsSync(path)) throw new StoreError('store.missing', { path });
  if (!fs.statSync(path).isFile()) throw new StoreError('store.cantOpen', { path });
  storeInUse = path;
  return guard(path, () => {
    const db = new Database(path, { fileMustExist: true, readonly: options.readonly ?? false });
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // Reading the header is the first thing that fails on a file that is not a database.
    const version = schemaVersion(db);
    if (version === 0) {
      // Version 0 is either an empty file or some other program's database: never migrate either.
      const tables = db.prepare('SELECT count(*) FROM sqlite_master').pluck().get() as number;
      throw new StoreError(tables === 0 ? 'store.notInitialised' : 'store.foreign', { path });
    }
    if (!options.readonly) {
      applyPragmas(db);
      migrate(db, path);
    } else if (version > latestVersion) {
      throw new StoreError('store.newer', { path, version, supported: latestVersion });
    }
    return new SqliteDb(db);
  });
}

/** Connect to a PostgreSQL server (exit 4 naming host:port when it cannot be reached). */
function connectServer(url: string): PgDb {
  const db = new PgDb(url);
  storeInUse = db.name;
  serverInUse = db.server;
  return db;
}

/**
 * The schema version of a PostgreSQL store: 0 when the database holds no huifang schema. One row
 * in schema_version, SQLite's user_version in a table.
 */
function serverSchemaVersion(db: PgDb): number {
  const exists = db.value<number>(sql`SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'schema_version'`);
  if (!exists) return 0;
  return db.value<number>(sql`SELECT version FROM schema_version`) ?? 0;
}

/**
 * Apply pending migrations on PostgreSQL, all in one transaction under an advisory lock, so two
 * clerks' first commands after an upgrade cannot both migrate; refuse a newer schema.
 */
export function migrateServer(db: PgDb, list: readonly Migration[] = migrations, seed?: () => void, current = serverSchemaVersion(db)): void {
  if (current > list.length) throw new StoreError('store.newer', { path: db.name, version: current, supported: list.length });
  if (current === list.length) return;
  db.transaction(() => {
    db.exec("SELECT pg_advisory_xact_lock(hashtext('huifang.migrate'))");
    // Read again under the lock: another process may have migrated meanwhile.
    const now = serverSchemaVersion(db);
    if (now === 0) db.exec('CREATE TABLE schema_version (version integer NOT NULL)');
    for (const m of list) {
      if (m.version <= now) continue;
      db.exec(m.postgres);
    }
    db.run(now === 0 ? sql`INSERT INTO schema_version (version) VALUES (${list.length})` : sql`UPDATE schema_version SET version = ${list.length}`);
    seed?.();
  });
}

/** Open a PostgreSQL store: it must hold a huifang schema (init makes one), migrated forward here. */
function openServerStore(url: string): Db {
  const db = connectServer(url);
  try {
    const version = serverSchemaVersion(db);
    if (version === 0) {
      const tables = db.value<number>(sql`SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()`) ?? 0;
      throw new StoreError(tables === 0 ? 'store.serverNotInitialised' : 'store.serverForeign', { path: db.name });
    }
    // The version just read: every command opens the store, and each query is a round trip.
    migrateServer(db, migrations, undefined, version);
  } catch (err) {
    db.close();
    throw storeErrorFrom(err, db.name) ?? err;
  }
  return db as unknown as Db;
}

/**
 * Create the schema in an empty PostgreSQL database (`init --db postgres://…`), and `seed` it (the
 * default policy) in the same transaction: whole or not at all. Refuses a database that holds tables.
 */
export function createServerStore(url: string, seed?: (db: Db) => void): Db {
  const db = connectServer(url);
  try {
    if (serverSchemaVersion(db) > 0) throw new StoreError('store.exists', { path: db.name });
    const tables = db.value<number>(sql`SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()`) ?? 0;
    if (tables > 0) throw new StoreError('store.serverForeign', { path: db.name });
    migrateServer(db, migrations, seed && (() => seed(db as unknown as Db)));
  } catch (err) {
    db.close();
    throw storeErrorFrom(err, db.name) ?? err;
  }
  return db as unknown as Db;
}

/** Group and others may not read the store: the files of it that they can read now (empty when private). */
export function filesOpenToOthers(path: string): string[] {
  // Windows has no such mode bits; its folder permissions are the user's own business.
  if (process.platform === 'win32') return [];
  return [path, `${path}-wal`, `${path}-shm`].filter((f) => {
    try {
      return (fs.statSync(f).mode & 0o077) !== 0;
    } catch {
      return false;
    }
  });
}

/** The shell command that makes these files private again (each name quoted for a POSIX shell). */
export function chmodPrivate(files: readonly string[]): string {
  const quote = (f: string) => (/^[\w@%+=:,./-]+$/.test(f) ? f : `'${f.replaceAll("'", "'\\''")}'`);
  return `chmod 600 ${files.map(quote).join(' ')}`;
}

/** Whether a driver error says the file is damaged (or is no database at all). */
export function isCorruption(err: unknown): boolean {
  return /^SQLITE_(NOTADB|CORRUPT)/.test(String((err as { code?: unknown })?.code));
}

/** SQLite's checks: quick_check reads every page (about 2 ms per MB); integrity_check also matches indexes to tables (6× that). */
export type IntegrityCheck = 'quick_check' | 'integrity_check';

/**
 * What SQLite's check found: empty when the store is intact. Damage can stop the check itself (a
 * broken b-tree); SQLite's sentence is then what it found.
 */
export function integrityProblems(db: Db | Database.Database, check: IntegrityCheck = 'integrity_check'): string[] {
  const raw = sqliteOf(db);
  // A server keeps its own pages whole (WAL, checksums, crash recovery): no file of ours to check.
  if (!raw) return [];
  try {
    const rows = raw.pragma(check, { simple: false }) as Record<string, string>[];
    const found = rows.map((r) => Object.values(r)[0] ?? '');
    return found.length === 1 && found[0] === 'ok' ? [] : found;
  } catch (err) {
    if (isCorruption(err)) return [(err as Error).message];
    throw err;
  }
}

/** Refuse to go on with a damaged store (exit 4, the sentence that says to restore a backup). */
export function ensureIntact(db: Db, check: IntegrityCheck): void {
  if (integrityProblems(db, check).length > 0) throw new StoreError('store.corrupt', { path: db.name });
}

/** The same check on a file that is not the store in use (a backup copy), by its own connection. */
export function fileIntegrityProblems(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return integrityProblems(db);
  } finally {
    db.close();
  }
}

/**
 * Write a consistent copy of the store to a new file. VACUUM INTO reads one snapshot inside a single
 * read transaction, so a busy store gives up after the busy timeout (exit 4) instead of retrying
 * forever, as the page-by-page backup loop did on a store it could not lock.
 */
export function copyStore(db: Db, file: string): void {
  // An empty file is accepted: a caller may have created it (a private temporary file, say).
  const existed = fs.existsSync(file);
  if (existed && fs.statSync(file).size > 0) throw new InputError('file.exists', { path: file });
  const raw = sqliteOf(db);
  // A server store is copied row by row into a file by `huifang copy` (app/copy-store.ts).
  if (!raw) throw new Error('copyStore copies a SQLite file; a server store is copied by copy-store');
  try {
    raw.prepare('VACUUM INTO ?').run(file);
  } catch (err) {
    // Only what this call created is removed; a caller's own file is the caller's to clean up.
    if (!existed) fs.rmSync(file, { force: true });
    const code = String((err as { code?: unknown }).code);
    // These concern the file being written, not the store being read.
    if (code === 'SQLITE_FULL') throw new StoreError('file.diskFull', { path: file });
    if (/^SQLITE_(CANTOPEN|IOERR)/.test(code)) throw new InputError('file.cantWrite', { path: file });
    throw storeErrorFrom(err) ?? err;
  }
}

/** A fresh in-memory store with the full schema, for tests and dry runs. */
export function memoryStore(): Db {
  const db = new Database(':memory:');
  applyPragmas(db);
  migrate(db);
  return new SqliteDb(db);
}

/**
 * Run fn in one write transaction: all of it is written, or none. `waitMs` overrides how long it
 * waits for another writer's lock for this transaction only; `lock` names work only one process may
 * do at a time (store/driver.ts WriteOptions).
 */
export function inWriteTransaction<T>(db: Db, fn: () => T, waitMs?: number, lock?: string): T {
  return db.transaction(fn, { ...(waitMs === undefined ? {} : { waitMs }), ...(lock === undefined ? {} : { lock }) });
}

/**
 * Begin one write transaction that spans awaits: an import writes each row as it reads the file,
 * which a synchronous transaction cannot wrap. All of it is written, or none.
 */
export function beginWriteTransaction(db: Db, options: WriteOptions = {}): OpenWriteTransaction {
  return db.begin(options);
}

/**
 * Run fn in one write transaction unless another process is doing the same work (`lock`) right now;
 * then run nothing and return undefined at once instead of waiting.
 */
export function writeTransactionIfFree<T>(db: Db, fn: () => T, lock = 'huifang.plan'): { value: T } | undefined {
  return db.transactionIfFree(lock, fn);
}

export { BUSY_TIMEOUT_MS };
