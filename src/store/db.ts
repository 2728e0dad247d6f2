// Opening the SQLite store: the only module that imports the driver. Pragmas, migrations, file modes.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { StoreError } from '../errors.js';
import { latestVersion, migrations, type Migration } from './migrations.js';

export type Db = Database.Database;

/** How long a writer waits for another process's lock before giving up (exit 4). */
const BUSY_TIMEOUT_MS = 5000;

/** Owner read/write only: customer data is personal data (SPEC §5). */
export const PRIVATE_FILE_MODE = 0o600;

function applyPragmas(db: Db): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('foreign_keys = ON');
  if (db.name !== ':memory:') {
    db.pragma('journal_mode = WAL');
  }
  // FULL: a call record that was confirmed must survive a power cut.
  db.pragma('synchronous = FULL');
}

/** Translate driver errors that mean "the store is the problem" into exit-4 errors. */
export function storeErrorFrom(err: unknown, path: string): StoreError | undefined {
  const code = (err as { code?: unknown })?.code;
  if (typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code)) return new StoreError('store.locked', { path });
  if (typeof code === 'string' && /^SQLITE_(NOTADB|CORRUPT)/.test(code)) return new StoreError('store.corrupt', { path });
  if (typeof code === 'string' && /^SQLITE_(CANTOPEN|READONLY|IOERR)/.test(code)) {
    return new StoreError('store.cantOpen', { path });
  }
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
export function migrate(db: Db, path = db.name, list: readonly Migration[] = migrations): void {
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

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Create a new store file (owner-only) and its schema; refuses to touch an existing file. `init` and
 * `demo` create it at a temporary path and move it into place once complete (io/output-file), so
 * errors name `shownPath`, the path the user gave.
 */
export function createStore(path: string, shownPath = path): Db {
  if (fs.existsSync(path)) throw new StoreError('store.exists', { path: shownPath });
  // Create the file ourselves so its mode is private from the first byte; SQLite gives
  // the -wal and -shm files the same mode as the database file.
  try {
    fs.closeSync(fs.openSync(path, 'wx', PRIVATE_FILE_MODE));
  } catch {
    throw new StoreError('store.cantCreate', { path: shownPath });
  }
  return guard(shownPath, () => {
    const db = new Database(path);
    applyPragmas(db);
    migrate(db, path);
    return db;
  });
}

/** Open an existing store, migrating it forward. A missing file is exit 4 with a hint to run init. */
export function openStore(path: string, options: { readonly?: boolean } = {}): Db {
  if (!fs.existsSync(path)) throw new StoreError('store.missing', { path });
  if (!fs.statSync(path).isFile()) throw new StoreError('store.cantOpen', { path });
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
    return db;
  });
}

/** A fresh in-memory store with the full schema, for tests and dry runs. */
export function memoryStore(): Db {
  const db = new Database(':memory:');
  applyPragmas(db);
  migrate(db);
  return db;
}

/** Run fn in one IMMEDIATE transaction: all of it is written, or none. */
export function inWriteTransaction<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}
