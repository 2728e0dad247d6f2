// The one interface every store module talks to, whichever database is behind it (SQLite file or PostgreSQL server).
import type { Dialect, Query } from './sql.js';

export interface RunResult {
  /** Rows inserted, changed or deleted. */
  readonly changes: number;
  /**
   * SQLite: the rowid of the last row inserted on this connection (last_insert_rowid()), given with
   * the run so that an insert needs no second statement to learn it. PostgreSQL: absent (an insert
   * that needs its id says RETURNING id).
   */
  readonly lastRowId?: number;
}

/** How a write transaction waits for other writers. */
export interface WriteOptions {
  /** How long to wait for another writer's lock before giving up (exit 4); the store's default otherwise. */
  waitMs?: number;
  /**
   * Work that only one process may do at a time (the horizon move): on PostgreSQL the transaction
   * first waits for this advisory lock; on SQLite the one write lock already serializes writers.
   */
  lock?: string;
}

/** A write transaction held open across awaits (an import), ended by exactly one of its two calls. */
export interface OpenWriteTransaction {
  commit(): void;
  /** Undo everything since the start; harmless when the database has already rolled back. */
  rollback(): void;
}

/**
 * A connection to the store. Synchronous on both databases: better-sqlite3 is, and pg-native's
 * libpq calls are; so the app layer and the planner are the same code on both.
 */
export interface Db {
  readonly dialect: Dialect;
  /** The store as shown to the user: a file path, or a URL without its password. */
  readonly name: string;
  /** First row, or undefined. */
  get<R>(q: Query<R>): R | undefined;
  all<R>(q: Query<R>): R[];
  /** Rows one at a time (SQLite streams them; PostgreSQL reads the result in one go). */
  iterate<R>(q: Query<R>): IterableIterator<R>;
  /** The first column of the first row. */
  value<V>(q: Query<unknown>): V | undefined;
  /** The first column of every row. */
  values<V>(q: Query<unknown>): V[];
  run(q: Query<unknown>): RunResult;
  /** A script of statements without parameters (migrations). */
  exec(script: string): void;
  /** Run fn in one write transaction: all of it, or none. Nested calls become savepoints. */
  transaction<T>(fn: () => T, options?: WriteOptions): T;
  /**
   * Run fn in one write transaction if no other process is doing the same work right now (`lock`
   * names it); when one is, run nothing and return undefined at once instead of waiting.
   */
  transactionIfFree<T>(lock: string, fn: () => T): { value: T } | undefined;
  /**
   * Run fn reading one consistent snapshot of the whole store (a backup, a copy): SQLite's read
   * transaction, PostgreSQL's REPEATABLE READ, READ ONLY. Others go on writing meanwhile.
   */
  snapshot<T>(fn: () => T): T;
  /** A write transaction that spans awaits (an import reads its file while it writes). */
  begin(options?: WriteOptions): OpenWriteTransaction;
  readonly inTransaction: boolean;
  close(): void;
}
