// Moving a whole store between a SQLite file and a PostgreSQL server (`huifang copy`, `backup` of a server store): whole or not at all.
import fs from 'node:fs';
import path from 'node:path';
import { StoreError } from '../errors.js';
import { buildFile, checkOutputPath } from '../io/output-file.js';
import { beginSnapshot, connectServerTarget, copyRows, createServerSchema, endSnapshot, storeVersion, surveySource, type TableCount } from '../store/copy.js';
import { createStore, openStore, type Db } from '../store/db.js';
import { latestVersion } from '../store/migrations.js';
import { displayUrl, isPostgresUrl, pgStoreErrorFrom } from '../store/pg-driver.js';

export interface CopyResult {
  /** Source and target as shown to the user: an absolute path, or a URL without its password. */
  from: string;
  to: string;
  tables: TableCount[];
  rows: number;
}

export interface CopyOptions {
  /** Called once the source's rows are counted, before any is written; returns what to call as rows are copied. */
  start?: (totalRows: number) => (rowsDone: number) => void;
  /** The error for a target file that exists (backup keeps its own words for it). */
  exists?: () => Error;
}

/** A store location as the user may see it. */
export function shownLocation(location: string): string {
  return isPostgresUrl(location) ? displayUrl(location) : path.resolve(location);
}

/**
 * Open the source as any command would: a store from a newer huifang is refused (exit 4), an older
 * one is migrated forward first (what the next `due` on it would do anyway), so the copy is always
 * made at this version's schema, with its data migrations applied. A file is then read through a
 * read-only connection.
 */
function openSource(from: string): Db {
  if (isPostgresUrl(from)) return openStore(from);
  const db = openStore(from, { readonly: true });
  if (storeVersion(db) >= latestVersion) return db;
  db.close();
  openStore(from).close();
  return openStore(from, { readonly: true });
}

/**
 * Copy the whole store at `from` to `to`, each a file path or a `postgres://` URL. The target must be
 * new: a file that does not exist yet (built aside and moved into place only when complete) or a
 * database without any table (schema and rows written in one transaction). Either way an
 * interruption leaves no target behind, and the source is only read, in one snapshot.
 */
export async function copyWholeStore(from: string, to: string, options: CopyOptions = {}): Promise<CopyResult> {
  const toServer = isPostgresUrl(to);
  const exists = options.exists ?? (() => new StoreError('copy.targetExists', { path: to }));
  let targetFile = '';
  if (!toServer) {
    if (fs.existsSync(to)) throw exists();
    // Not the source or one of its -wal/-shm files, a folder that exists and can be written.
    targetFile = checkOutputPath(to, isPostgresUrl(from) ? {} : { store: from });
  }
  const source = openSource(from);
  let tables: TableCount[];
  try {
    beginSnapshot(source);
    tables = surveySource(source);
    const rows = tables.reduce((sum, t) => sum + t.rows, 0);
    const progress = options.start?.(rows) ?? (() => {});
    if (toServer) {
      copyToServer(source, to, tables, progress);
    } else {
      await buildFile(targetFile, (temp) => copyToFile(source, temp, to, tables, progress), { replace: false, exists });
    }
  } finally {
    endSnapshot(source);
    source.close();
  }
  return { from: shownLocation(from), to: shownLocation(to), tables, rows: tables.reduce((sum, t) => sum + t.rows, 0) };
}

function copyToFile(source: Db, temp: string, shown: string, tables: readonly TableCount[], progress: (done: number) => void): void {
  // createStore makes the file private (0600) from its first byte, and its schema at this version.
  const target = createStore(temp, shown);
  try {
    target.transaction(() => copyRows(source, target, tables, progress));
  } finally {
    target.close();
  }
}

function copyToServer(source: Db, url: string, tables: readonly TableCount[], progress: (done: number) => void): void {
  const target = connectServerTarget(url);
  try {
    // Schema and rows in one transaction: a failure or a lost connection leaves the database empty.
    target.transaction(() => {
      createServerSchema(target);
      copyRows(source, target, tables, progress);
    });
  } catch (err) {
    throw pgStoreErrorFrom(err, target.name, target.server) ?? err;
  } finally {
    target.close();
  }
}
