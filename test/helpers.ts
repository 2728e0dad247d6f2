// Shared test helpers: temporary folders, stores of either kind (a SQLite file, a PostgreSQL database), a context with captured output, store dumps, the real binary.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, onTestFinished } from 'vitest';
import { makeContext, type Context } from '../src/cli/context.js';
import type { Lang } from '../src/i18n/index.js';
import { sqliteOf } from '../src/store/db.js';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const CASES = path.join(ROOT, 'fixtures', 'cases');
export const BIN = path.join(ROOT, 'bin', 'huifang.js');
/**
 * The day the end-to-end stores record the fixture customers (fixtures/cases): the store came into
 * use in mid-2025, so by 2026-11-23 their follow-ups are overdue. Recorded on the test's today, the
 * long-neglected ones would get first contacts after it instead (SPEC §3.0).
 */
export const CUSTOMERS_RECORDED_ON = '2025-06-01';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder, removed after the test. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huifang-test-'));
  made.push(dir);
  return dir;
}

export interface Captured {
  ctx: Context;
  out: () => string;
  err: () => string;
}

/** A command context as the CLI would build it, with stdout/stderr captured. */
export function testContext(options: { dbPath: string; today?: string; lang?: Lang; now?: string }): Captured {
  let out = '';
  let err = '';
  const ctx = makeContext(
    { db: options.dbPath, today: options.today ?? '2026-11-23', color: false },
    {},
    {
      stdout: { write: (s) => void (out += s), isTTY: false },
      stderr: { write: (s) => void (err += s), isTTY: false },
      stdinIsTTY: false,
      clock: new Date(2026, 10, 23, 9, 30),
    },
    options.lang ?? 'en',
  );
  return { ctx, out: () => out, err: () => err };
}

/** Every row of every table, in a stable order: two dumps are equal when the stores hold the same data. */
export function dumpStore(dbPath: string): Record<string, unknown[]> {
  if (isServerStore(dbPath)) return dumpServerStore(dbPath);
  const db = new Database(dbPath, { readonly: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all() as string[];
    return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()]));
  } finally {
    db.close();
  }
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run the real compiled binary (built by `npm test` before vitest starts). With `timeout` (ms), a
 * run that does not end in time is killed and reported as code -1, so a hang fails its test.
 */
export function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string; timeout?: number } = {},
): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: options.timeout,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C', ...options.env },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Whether util-linux `script` is here to give a command a pseudo-terminal. */
export const hasScript = spawnSync('script', ['--version']).status === 0;

/**
 * Run a command under `script` and answer each prompt when it appears (expect-style), so the test
 * does not depend on how fast a loaded machine draws the prompts. Resolves with the screen text.
 */
export function answer(command: string, steps: [prompt: string, keys: string][], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; screen: string }> {
  return new Promise((resolve) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm', LANG: 'C', ...env } });
    let screen = '';
    let seenUpTo = 0;
    let step = 0;
    child.stdout.on('data', (d: Buffer) => {
      screen += d.toString('utf8').replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
      const next = steps[step];
      if (next && screen.indexOf(next[0], seenUpTo) >= 0) {
        seenUpTo = screen.length;
        step++;
        // A moment for the prompt to start listening before the keys arrive.
        setTimeout(() => child.stdin.write(next[1]), 150);
      }
    });
    const killer = setTimeout(() => child.kill(), 40_000);
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, screen });
    });
  });
}

// ---------------------------------------------------------------------------------------------------------
// The two stores (issue 14). test/pg-setup.ts starts a throwaway PostgreSQL for the run (or takes
// HUIFANG_TEST_PG) and hands its admin URL to every test process as HUIFANG_TEST_PG.

export type StoreKind = 'sqlite' | 'postgres';

/** The admin URL of the tests' PostgreSQL server (a superuser), or undefined when there is none (skipped, with the setup's notice). */
export const PG_ADMIN: string | undefined = process.env.HUIFANG_TEST_PG && process.env.HUIFANG_TEST_PG !== 'off' ? process.env.HUIFANG_TEST_PG : undefined;

/**
 * Whether the end-to-end tests also run on PostgreSQL: on, as `npm test` and .ci/run use it;
 * HUIFANG_E2E_PG=0 leaves PostgreSQL out for a quick local run.
 */
export const E2E_ON_POSTGRES = process.env.HUIFANG_E2E_PG !== '0';

/**
 * The store kinds a test runs on, for `describe.each(storeKinds)`: SQLite always, PostgreSQL when the switch
 * is on and a server is there (without one the global setup has said, once, how to install it; under CI=true
 * it failed the run instead, so CI never skips).
 */
export const storeKinds: StoreKind[] = E2E_ON_POSTGRES && PG_ADMIN ? ['sqlite', 'postgres'] : ['sqlite'];

/** Whether a store location is a PostgreSQL URL (as huifang's --db tells them apart). */
export function isServerStore(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** The part of pg-native's synchronous client the helpers use. */
interface PgClient {
  connectSync(conninfo: string): void;
  querySync(text: string, values?: unknown[]): Record<string, unknown>[];
  end(): void;
}

/** Values as huifang's PostgreSQL driver gives them (as SQLite would): numbers as numbers, booleans as 1/0, the rest as text. */
const pgTypes = {
  getTypeParser: (oid: number) => ([20, 21, 23, 26, 700, 701, 1700].includes(oid) ? Number : oid === 16 ? (v: string) => (v === 't' ? 1 : 0) : (v: string) => v),
};

function pgConnect(url: string): PgClient {
  const Client = createRequire(import.meta.url)('pg-native') as new (config: { types: unknown }) => PgClient;
  const client = new Client({ types: pgTypes });
  client.connectSync(url);
  return client;
}

/**
 * Clients ended but kept referenced. libpq's addon closes its socket watcher with uv_close, which completes
 * only when the event loop next turns; a client garbage-collected before that (a synchronous test making
 * many connections) frees the watcher under libuv, which aborts the test process (uv__finish_close assertion).
 */
const ended: PgClient[] = [];
function pgEnd(client: PgClient): void {
  client.end();
  ended.push(client);
}

let admin: PgClient | undefined;
function adminQuery(text: string): Record<string, unknown>[] {
  if (!PG_ADMIN) throw new Error('no PostgreSQL server for the tests: HUIFANG_TEST_PG is not set (see test/pg-setup.ts)');
  admin ??= pgConnect(PG_ADMIN);
  return admin.querySync(text);
}

/** Databases made outside a test (beforeAll, a describe body): dropped when the file's tests are done. */
const fileDatabases: string[] = [];
afterAll(() => {
  for (const name of fileDatabases.splice(0)) dropDatabase(name);
  if (admin) pgEnd(admin);
  admin = undefined;
});

function dropDatabase(name: string): void {
  // FORCE: a connection left open by a killed huifang must not keep the database alive.
  adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

let madeDatabases = 0;

/**
 * A fresh, empty database on the tests' server (a unique name), and its URL for `--db`: `init` it as a
 * file store. Dropped after the test that made it, or after the file's tests when made in a beforeAll.
 */
export function serverStoreUrl(): string {
  const name = `huifang_t_${process.pid}_${++madeDatabases}_${Math.random().toString(36).slice(2, 8)}`;
  adminQuery(`CREATE DATABASE "${name}"`);
  try {
    onTestFinished(() => dropDatabase(name));
  } catch {
    fileDatabases.push(name); // not inside a test
  }
  const url = new URL(PG_ADMIN as string);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A new store location of the given kind, for `--db`: a file `name` in `dir` (a fresh temporary folder by
 * default) for SQLite, a fresh database's URL for PostgreSQL. Nothing is created in it: run `init`.
 */
export function newStore(kind: StoreKind, dir: string = tempDir(), name = 'h.db'): string {
  return kind === 'postgres' ? serverStoreUrl() : path.join(dir, name);
}

/**
 * The demo store (`huifang demo`, dates shifted to `today`) at a new location of the given kind. `demo` only
 * ever writes a local file (a server database is never wiped for it), so on PostgreSQL it is built in a file
 * and copied onto a fresh database, as its own message tells a user to (`huifang copy FILE URL`).
 */
export function demoStore(kind: StoreKind, today: string, dir: string = tempDir(), name = 'demo.db'): string {
  const file = path.join(dir, kind === 'postgres' ? `file-${name}` : name);
  const demo = runCli(['--db', file, '--today', today, 'demo']);
  if (demo.code !== 0) throw new Error(`huifang demo failed (exit ${demo.code}): ${demo.stderr}`);
  if (kind === 'sqlite') return file;
  const url = serverStoreUrl();
  const copy = runCli(['copy', file, url]);
  if (copy.code !== 0) throw new Error(`huifang copy ${file} ${url} failed (exit ${copy.code}): ${copy.stderr}`);
  return url;
}

/**
 * A copy of a store, to change without touching the original: a file copy in a fresh temporary folder, or a
 * new database made from the original as its template (nobody may be connected to it: huifang is not running).
 */
export function copyOfStore(location: string): string {
  if (!isServerStore(location)) {
    const copy = path.join(tempDir(), 'copy.db');
    fs.copyFileSync(location, copy);
    return copy;
  }
  const url = new URL(serverStoreUrl());
  const name = url.pathname.slice(1);
  adminQuery(`DROP DATABASE "${name}"`);
  adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${new URL(location).pathname.slice(1)}"`);
  return url.toString();
}

/** A connection of the test's own to a server store, held across commands (a lock another writer must wait for). */
export function serverSession(url: string): { query: (text: string) => Record<string, unknown>[]; close: () => void } {
  const client = pgConnect(url);
  return { query: (text) => client.querySync(text), close: () => pgEnd(client) };
}

/** Run SQL on a store behind huifang's back (the statement must mean the same on both stores). */
export function rawSql(location: string, text: string): void {
  queryStore(location, text, { write: true });
}

/** The rows of a query on a store, valued as SQLite gives them on both stores (the SQL must mean the same on both). */
export function queryStore(location: string, text: string, options: { write?: boolean } = {}): Record<string, unknown>[] {
  if (isServerStore(location)) {
    const client = pgConnect(location);
    try {
      return client.querySync(text);
    } finally {
      pgEnd(client);
    }
  }
  const db = new Database(location, { readonly: !options.write });
  try {
    const stmt = db.prepare(text);
    if (stmt.reader) return stmt.all() as Record<string, unknown>[];
    stmt.run();
    return [];
  } finally {
    db.close();
  }
}

/** dumpStore of a PostgreSQL store: every table of its schema, rows in primary-key order (as rowid order on SQLite). */
function dumpServerStore(url: string): Record<string, unknown[]> {
  const client = pgConnect(url);
  try {
    const tables = client
      .querySync("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
      .map((r) => r.tablename as string);
    const dump: Record<string, unknown[]> = {};
    for (const t of tables) {
      const keys = client
        .querySync(
          `SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
           WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)`,
          [`"${t}"`],
        )
        .map((r) => `"${r.attname as string}"`);
      // Without a primary key, every column in order: the same rows always come out in the same order.
      const order = keys.length ? keys.join(', ') : `"${t}"::text`;
      dump[t] = client.querySync(`SELECT * FROM "${t}" ORDER BY ${order}`);
    }
    return dump;
  } finally {
    pgEnd(client);
  }
}

/** The better-sqlite3 connection behind a SQLite test store, for tests that set up or inspect it with SQLite's own SQL. */
export function sqliteRaw(db: import('../src/store/db.js').Db | Database.Database): Database.Database {
  const raw = sqliteOf(db);
  if (!raw) throw new Error('sqliteRaw: a SQLite store was expected');
  return raw;
}
