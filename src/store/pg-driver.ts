// The PostgreSQL side of the store interface: pg-native (libpq, synchronous), values typed as SQLite gives them.
//
// Why pg-native: the store is synchronous from the commands down (better-sqlite3), and pg-native is
// node-postgres's own binding to libpq with synchronous calls, so the same app code runs on both
// stores. libpq itself reads the PG* variables, ~/.pgpass, service files and `sslmode`, as every
// PostgreSQL tool does. It is an optional dependency: a machine without libpq still installs and
// runs huifang on SQLite, and only `--db postgres://…` says what is missing.
import { createRequire } from 'node:module';
import { StoreError } from '../errors.js';
import type { Db, OpenWriteTransaction, RunResult, WriteOptions } from './driver.js';
import { Bound, compile, sql, type Query } from './sql.js';

/** The part of pg-native's client we use. */
interface NativeClient {
  connectSync(conninfo: string): void;
  querySync(text: string, values?: unknown[]): Record<string, unknown>[];
  prepareSync(name: string, text: string, nParams: number): void;
  executeSync(name: string, values: unknown[]): Record<string, unknown>[];
  getTransactionStatus(): 'I' | 'T' | 'E' | null;
  end(): void;
  pq: { cmdTuples(): string; resultErrorFields(): Record<string, string> | undefined; errorMessage(): string };
}
type NativeClientClass = new (config: { types: unknown }) => NativeClient;

/** Default wait for another writer's row lock, as SQLite's busy timeout (exit 4 after it). */
const LOCK_TIMEOUT_MS = 5000;

/** A transaction that lost a deadlock or a serialization race is run again, this many times at most. */
const RETRIES = 5;

/**
 * Values come back as SQLite gives them, so store modules need no per-dialect row handling: counts
 * and sums as numbers (not bigint strings), booleans as 1/0, dates and times as their text.
 */
const parsers: Record<number, (v: string) => unknown> = {
  16: (v) => (v === 't' ? 1 : 0),
  20: Number,
  21: Number,
  23: Number,
  26: Number,
  700: Number,
  701: Number,
  1700: Number,
};
const types = { getTypeParser: (oid: number) => parsers[oid] ?? ((v: string) => v) };

/** A PostgreSQL store location: `postgres://` or `postgresql://` URL (libpq's own syntax). */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** The URL as it may be shown: never the password (from the URL; PGPASSWORD and .pgpass never appear). */
export function displayUrl(location: string): string {
  try {
    const u = new URL(location);
    u.password = '';
    return u.toString();
  } catch {
    return location.replace(/:[^:@/]*@/, '@');
  }
}

/** host:port the connection goes to, as libpq resolves it from the URL and the PG* variables. */
export function serverOf(location: string, env: NodeJS.ProcessEnv = process.env): string {
  let host = env.PGHOST || 'localhost';
  let port = env.PGPORT || '5432';
  try {
    const u = new URL(location);
    if (u.hostname) host = decodeURIComponent(u.hostname);
    if (u.port) port = u.port;
    host = u.searchParams.get('host') ?? host;
    port = u.searchParams.get('port') ?? port;
  } catch {
    /* libpq will say what is wrong with it */
  }
  return `${host}:${port}`;
}

let nativeClass: NativeClientClass | undefined;
const ended: NativeClient[] = [];
function loadNative(where: string): NativeClientClass {
  if (!nativeClass) {
    try {
      nativeClass = createRequire(import.meta.url)('pg-native') as NativeClientClass;
    } catch {
      throw new StoreError('store.pgDriverMissing', { path: where });
    }
  }
  return nativeClass;
}

/** The SQLSTATE of a failed statement (libpq's error fields), or '' when there is none. */
export function sqlStateOf(err: unknown): string {
  return String((err as { sqlState?: unknown })?.sqlState ?? '');
}

/** The first line of libpq's message, without its "connection to server … failed:" lead. */
function causeOf(message: string): string {
  const first = message.split('\n').find((l) => l.trim() !== '') ?? message;
  return first.replace(/^.*?failed:\s*/, '').replace(/^(FATAL|ERROR):\s*/, '').trim();
}

/** Translate what the server or libpq said into the store errors users read (exit 4), or undefined. */
export function pgStoreErrorFrom(err: unknown, where: string, server: string): StoreError | undefined {
  const state = sqlStateOf(err);
  const message = String((err as Error)?.message ?? '');
  if (state === '57P01' || state === '57P02' || state === '57P03' || /server closed the connection|terminating connection|no connection to the server|connection not open/i.test(message)) {
    return new StoreError('store.connectionLost', { path: where, server, cause: causeOf(message) });
  }
  if (state.startsWith('08')) return new StoreError('store.cantConnect', { path: where, server, cause: causeOf(message) });
  if (state === '42501') return new StoreError('store.notPermitted', { path: where, cause: causeOf(message) });
  // A lock wait timed out, a deadlock or serialization race outlived its retries, or another writer
  // inserted the same key first (two imports of the same new codes): "busy, try again".
  if (state === '55P03' || state === '40P01' || state === '40001' || state === '23505') return new StoreError('store.locked', { path: where });
  if (state === '53100') return new StoreError('store.full', { path: where });
  return undefined;
}

export class PgDb implements Db {
  readonly dialect = 'postgres' as const;
  readonly name: string;
  /** host:port, for messages about the server. */
  readonly server: string;
  private readonly client: NativeClient;
  private depth = 0;
  /** Server-side prepared statements of this connection, by text: `statement()`s are parsed and planned once. */
  private readonly prepared = new Map<string, string>();

  constructor(location: string) {
    this.name = displayUrl(location);
    this.server = serverOf(location);
    const Native = loadNative(this.name);
    this.client = new Native({ types });
    try {
      this.client.connectSync(location);
    } catch (err) {
      throw new StoreError('store.cantConnect', { path: this.name, server: this.server, cause: causeOf(String((err as Error).message)) });
    }
    // The session's settings, sent in one round trip (every command connects once):
    // - time zone UTC: dates and times are text in the schema; the session's zone never changes what is stored;
    // - application_name: an administrator sees in pg_stat_activity which sessions are huifang's;
    // - jit off: JIT compiles a query for seconds to save milliseconds here (the report's call query ran
    //   in 0.47 s and spent 1.9 s in JIT: 100k bench store, 3.01 s → 1.17 s with it off);
    // - plan_cache_mode: prepared statements are planned for their values each time; a generic plan of
    //   "tasks of these customers" (= ANY($1)) scanned the whole task table once it had grown inside an
    //   import (127 ms a batch, 24 of the 35 s of a 100k-customer import); planning afresh costs ~0.1 ms.
    this.exec("SET TIME ZONE 'UTC'; SET application_name = 'huifang'; SET jit = off; SET plan_cache_mode = force_custom_plan");
  }

  private query(text: string, values: unknown[] | undefined, prepare = false): Record<string, unknown>[] {
    try {
      if (!prepare || values === undefined) return this.client.querySync(text, values);
      let name = this.prepared.get(text);
      if (name === undefined) {
        name = `huifang_${this.prepared.size + 1}`;
        this.client.prepareSync(name, text, values.length);
        this.prepared.set(text, name);
      }
      return this.client.executeSync(name, values);
    } catch (err) {
      const fields = this.client.pq.resultErrorFields?.();
      if (fields?.sqlState) Object.assign(err as object, { sqlState: fields.sqlState, detail: fields.messageDetail, constraint: fields.constraintName });
      throw err;
    }
  }

  private execute(q: Query<unknown>): Record<string, unknown>[] {
    const c = compile(q, 'postgres');
    return this.query(c.sql, c.parameters.map(toText), q instanceof Bound);
  }

  get<R>(q: Query<R>): R | undefined {
    return this.execute(q)[0] as R | undefined;
  }

  all<R>(q: Query<R>): R[] {
    return this.execute(q) as R[];
  }

  iterate<R>(q: Query<R>): IterableIterator<R> {
    return (this.execute(q) as R[])[Symbol.iterator]();
  }

  value<V>(q: Query<unknown>): V | undefined {
    const row = this.execute(q)[0];
    return row === undefined ? undefined : (Object.values(row)[0] as V);
  }

  values<V>(q: Query<unknown>): V[] {
    return this.execute(q).map((row) => Object.values(row)[0] as V);
  }

  run(q: Query<unknown>): RunResult {
    const rows = this.execute(q);
    const n = Number(this.client.pq.cmdTuples());
    return { changes: Number.isFinite(n) && this.client.pq.cmdTuples() !== '' ? n : rows.length };
  }

  exec(script: string): void {
    this.query(script, undefined);
  }

  transaction<T>(fn: () => T, options: WriteOptions = {}): T {
    if (this.depth > 0) return this.savepoint(fn);
    for (let attempt = 1; ; attempt++) {
      this.query('BEGIN', undefined);
      this.depth = 1;
      try {
        this.query(`SET LOCAL lock_timeout = ${Math.max(0, Math.floor(options.waitMs ?? LOCK_TIMEOUT_MS))}`, undefined);
        if (options.lock !== undefined) this.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${options.lock}))`);
        const value = fn();
        this.query('COMMIT', undefined);
        return value;
      } catch (err) {
        this.rollbackQuietly();
        // A deadlock or serialization failure undid the whole transaction: running it again is safe.
        if ((sqlStateOf(err) === '40P01' || sqlStateOf(err) === '40001') && attempt < RETRIES) continue;
        throw err;
      } finally {
        this.depth = 0;
      }
    }
  }

  private savepoint<T>(fn: () => T): T {
    const name = `huifang_${this.depth}`;
    this.query(`SAVEPOINT ${name}`, undefined);
    this.depth++;
    try {
      const value = fn();
      this.query(`RELEASE SAVEPOINT ${name}`, undefined);
      return value;
    } catch (err) {
      if (this.client.getTransactionStatus() === 'E' || this.client.getTransactionStatus() === 'T') {
        try {
          this.query(`ROLLBACK TO SAVEPOINT ${name}`, undefined);
        } catch {
          /* the outer transaction is rolled back by its owner */
        }
      }
      throw err;
    } finally {
      this.depth--;
    }
  }

  /** One process does this work at a time (an advisory lock held until the transaction ends); others skip it. */
  transactionIfFree<T>(lock: string, fn: () => T): { value: T } | undefined {
    let skipped = false;
    const value = this.transaction(() => {
      const got = this.value<number>(compileLock(lock));
      if (!got) {
        skipped = true;
        return undefined;
      }
      return fn();
    });
    return skipped ? undefined : { value: value as T };
  }

  snapshot<T>(fn: () => T): T {
    if (this.depth > 0) return fn();
    this.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', undefined);
    this.depth = 1;
    try {
      const value = fn();
      this.query('COMMIT', undefined);
      return value;
    } catch (err) {
      this.rollbackQuietly();
      throw err;
    } finally {
      this.depth = 0;
    }
  }

  begin(options: WriteOptions = {}): OpenWriteTransaction {
    this.query('BEGIN', undefined);
    this.depth = 1;
    try {
      this.query(`SET LOCAL lock_timeout = ${Math.max(0, Math.floor(options.waitMs ?? LOCK_TIMEOUT_MS))}`, undefined);
      if (options.lock !== undefined) this.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${options.lock}))`);
    } catch (err) {
      this.rollbackQuietly();
      this.depth = 0;
      throw err;
    }
    return {
      commit: () => {
        this.query('COMMIT', undefined);
        this.depth = 0;
      },
      rollback: () => {
        this.rollbackQuietly();
        this.depth = 0;
      },
    };
  }

  private rollbackQuietly(): void {
    try {
      if (this.client.getTransactionStatus() !== 'I') this.query('ROLLBACK', undefined);
    } catch {
      /* a lost connection has rolled back already, on the server */
    }
  }

  get inTransaction(): boolean {
    const s = this.client.getTransactionStatus();
    return s === 'T' || s === 'E';
  }

  close(): void {
    this.client.end();
    // libpq's addon closes the socket watcher asynchronously: a client collected before that
    // happens aborts the process at exit (uv__finish_close). Ended clients stay referenced.
    ended.push(this.client);
  }
}

function compileLock(lock: string) {
  return sql`SELECT pg_try_advisory_xact_lock(hashtext(${lock}))`;
}

/** libpq takes parameters as text (or null). */
function toText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(typeof v === 'boolean' ? Number(v) : v);
  return JSON.stringify(v);
}
