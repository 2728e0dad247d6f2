// The SQLite side of the store interface: better-sqlite3, with each statement prepared once per connection.
import type Database from 'better-sqlite3';
import type { Db, OpenWriteTransaction, RunResult, WriteOptions } from './driver.js';
import { compile, type Query } from './sql.js';

/** How long a writer waits for another process's lock before giving up (exit 4). */
export const BUSY_TIMEOUT_MS = 5000;

/** Statements kept prepared; beyond this (IN lists of every length) the cache starts again. */
const CACHE_LIMIT = 400;

export class SqliteDb implements Db {
  readonly dialect = 'sqlite' as const;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    /** The better-sqlite3 connection; only store/db.ts and the SQLite-only checks use it directly. */
    readonly raw: Database.Database,
    readonly name: string = raw.name,
  ) {}

  private prepared(q: Query<unknown>): { stmt: Database.Statement; params: unknown[] } {
    const c = compile(q, 'sqlite');
    let stmt = this.statements.get(c.sql);
    if (!stmt) {
      if (this.statements.size >= CACHE_LIMIT) this.statements.clear();
      stmt = this.raw.prepare(c.sql);
      this.statements.set(c.sql, stmt);
    }
    return { stmt, params: c.parameters as unknown[] };
  }

  get<R>(q: Query<R>): R | undefined {
    const { stmt, params } = this.prepared(q);
    return stmt.pluck(false).get(...params) as R | undefined;
  }

  all<R>(q: Query<R>): R[] {
    const { stmt, params } = this.prepared(q);
    return stmt.pluck(false).all(...params) as R[];
  }

  iterate<R>(q: Query<R>): IterableIterator<R> {
    // A fresh statement: a cached one would be busy if the loop ran the same query again.
    const c = compile(q, 'sqlite');
    return this.raw.prepare(c.sql).iterate(...(c.parameters as unknown[])) as IterableIterator<R>;
  }

  value<V>(q: Query<unknown>): V | undefined {
    const { stmt, params } = this.prepared(q);
    return stmt.pluck(true).get(...params) as V | undefined;
  }

  values<V>(q: Query<unknown>): V[] {
    const { stmt, params } = this.prepared(q);
    return stmt.pluck(true).all(...params) as V[];
  }

  run(q: Query<unknown>): RunResult {
    const { stmt, params } = this.prepared(q);
    // A statement that returns rows (INSERT … RETURNING) is run through all(); run() refuses it.
    if (stmt.reader) return { changes: stmt.pluck(false).all(...params).length };
    const r = stmt.run(...params);
    return { changes: r.changes, lastRowId: Number(r.lastInsertRowid) };
  }

  exec(script: string): void {
    this.raw.exec(script);
  }

  transaction<T>(fn: () => T, options: WriteOptions = {}): T {
    const wait = options.waitMs;
    if (wait === undefined || wait === BUSY_TIMEOUT_MS || this.raw.inTransaction) return this.raw.transaction(fn).immediate();
    this.raw.pragma(`busy_timeout = ${wait}`);
    try {
      return this.raw.transaction(fn).immediate();
    } finally {
      this.raw.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  }

  /** SQLite has one writer at a time: "free" means no other process holds the write lock now. */
  transactionIfFree<T>(_lock: string, fn: () => T): { value: T } | undefined {
    try {
      return { value: this.transaction(fn, { waitMs: 0 }) };
    } catch (err) {
      if (/^SQLITE_BUSY/.test(String((err as { code?: unknown }).code))) return undefined;
      throw err;
    }
  }

  snapshot<T>(fn: () => T): T {
    if (this.raw.inTransaction) return fn();
    // DEFERRED: the first read takes the snapshot and holds it (WAL) until COMMIT, without blocking writers.
    return this.raw.transaction(fn).deferred();
  }

  /** SQLite's one write lock already serializes imports (`lock` is for PostgreSQL); the busy timeout is the wait. */
  begin(options: WriteOptions = {}): OpenWriteTransaction {
    if (options.waitMs !== undefined && options.waitMs !== BUSY_TIMEOUT_MS) this.raw.pragma(`busy_timeout = ${options.waitMs}`);
    try {
      this.raw.exec('BEGIN IMMEDIATE');
    } finally {
      if (options.waitMs !== undefined && options.waitMs !== BUSY_TIMEOUT_MS) this.raw.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
    return {
      commit: () => this.raw.exec('COMMIT'),
      rollback: () => {
        if (this.raw.inTransaction) this.raw.exec('ROLLBACK');
      },
    };
  }

  get inTransaction(): boolean {
    return this.raw.inTransaction;
  }

  close(): void {
    this.statements.clear();
    this.raw.close();
  }
}
