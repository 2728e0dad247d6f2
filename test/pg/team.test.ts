// A department on one PostgreSQL store (issue 14 points 3 and 5): many clerks at once, and faults that must leave nothing half-written.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli, tempDir } from '../helpers.js';
import { dropServerStore, pgAdminUrl, serverStoreUrl } from './server.js';

interface Native {
  connectSync(url: string): void;
  querySync(text: string, values?: unknown[]): Record<string, unknown>[];
  end(): void;
}
const Client = createRequire(import.meta.url)('pg-native') as new () => Native;

function connect(url: string): Native {
  const c = new Client();
  c.connectSync(url);
  return c;
}

const TODAY = '2026-11-23';
const CLERKS = 8;
const CALLS = 50;

/** Customers owned by clerk1…clerk8 in turn, tier A (monthly calls, SPEC §3.1). */
function customersCsv(dir: string, n: number): string {
  const file = path.join(dir, 'customers.csv');
  const lines = ['客户编号,客户名称,等级,负责人,合作日期'];
  for (let i = 1; i <= n; i++) lines.push(`T${String(i).padStart(4, '0')},客户${i},A,clerk${((i - 1) % CLERKS) + 1},2025-01-10`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function eventsCsv(dir: string, n: number): string {
  const file = path.join(dir, 'events.csv');
  const lines = ['客户编号,类型,日期,单号'];
  for (let i = 1; i <= n; i++) lines.push(`T${String(i).padStart(4, '0')},送货,2026-11-20,D${i}`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Spawn the binary; resolves with its exit code and output. */
function start(args: string[]): { child: ReturnType<typeof spawn>; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, HUIFANG_LANG: 'en' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

function node(script: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [script, ...args]);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Wait until a huifang session of `db` waits on a lock; its backend pid. */
async function waitingBackend(admin: Native, db: string): Promise<number> {
  for (let i = 0; i < 400; i++) {
    const rows = admin.querySync("SELECT pid FROM pg_stat_activity WHERE application_name = 'huifang' AND datname = $1 AND wait_event_type = 'Lock'", [db]);
    if (rows.length > 0) return Number(rows[0]?.pid);
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('huifang never waited on the lock');
}

async function noHuifangSessions(admin: Native, db: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (admin.querySync("SELECT 1 FROM pg_stat_activity WHERE application_name = 'huifang' AND datname = $1", [db]).length === 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('a huifang session stayed on the server');
}

const count = (c: Native, table: string) => Number(c.querySync(`SELECT count(*) AS n FROM ${table}`)[0]?.n);

describe.skipIf(!pgAdminUrl())('PostgreSQL team store', () => {
  let url: string;
  let dbName: string;
  let dir: string;

  beforeAll(async () => {
    url = await serverStoreUrl();
    dbName = new URL(url).pathname.slice(1);
    dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'huifang-team-'));
    expect(runCli(['--db', url, '--today', TODAY, 'init']).code).toBe(0);
    const imported = runCli(['--db', url, '--today', TODAY, 'import', 'customers', customersCsv(dir, CLERKS * CALLS)]);
    expect(imported.code, imported.stderr).toBe(0);
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (url) dropServerStore(url);
  });

  it('8 clerks logging 50 calls each, an import and the monthly re-plan at once: nothing lost, no busy error, the plan moved once', async () => {
    const script = path.join(import.meta.dirname, 'clerk-calls.mjs');
    const codes = (k: number) => Array.from({ length: CALLS }, (_, j) => `T${String(j * CLERKS + k).padStart(4, '0')}`).join(',');
    const clerks = Array.from({ length: CLERKS }, (_, k) => node(script, [url, `clerk${k + 1}`, TODAY, codes(k + 1)]));
    const importing = start(['--db', url, '--today', TODAY, 'import', 'events', eventsCsv(dir, CLERKS * CALLS)]).done;
    // Two first commands of the new month: the horizon moves once, the other skips or finds it done.
    const month = ['--db', url, '--today', '2026-12-01', 'due', '--json', '--all'];
    const replans = [start(month).done, start(month).done];
    const results = await Promise.all([...clerks, importing, ...replans]);
    for (const r of results) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/busy|locked|deadlock/i);
    }
    for (const r of results.slice(0, CLERKS)) expect(r.stdout.trim()).toBe(String(CALLS));
    const c = connect(url);
    try {
      expect(count(c, 'visit')).toBe(CLERKS * CALLS);
      expect(count(c, 'event')).toBe(CLERKS * CALLS);
      expect(c.querySync("SELECT value FROM meta WHERE key = 'planned_through'")[0]?.value).toBe('2027-01-31');
      // Every call marked its routine task done: no task of a called customer is still open for November.
      expect(Number(c.querySync("SELECT count(*) AS n FROM task WHERE rule = 'routine' AND status = 'done'")[0]?.n)).toBeGreaterThanOrEqual(CLERKS * CALLS);
    } finally {
      c.end();
    }
    // A full re-plan now changes nothing: the concurrent writers left the plan consistent.
    const again = runCli(['--db', url, '--today', '2026-12-01', 'due', '--json', '--all']);
    expect(again.code, again.stderr).toBe(0);
  });

  it('a server that is not running: exit 4 naming host:port and the cause, no stack trace', () => {
    const r = runCli(['--db', 'postgres://nobody:secret@127.0.0.1:9/none', 'due']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('127.0.0.1:9');
    expect(r.stderr).toMatch(/refused/i);
    expect(r.stderr).not.toContain('secret');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('honours sslmode from the URL: a server without TLS refuses sslmode=require, exit 4 saying why', () => {
    const u = new URL(url);
    u.searchParams.set('sslmode', 'require');
    const r = runCli(['--db', u.toString(), 'due']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/SSL/);
    expect(r.stderr).toContain(`${u.hostname}:${u.port}`);
  });

  it('the connection dropped in the middle of an import (pg_terminate_backend): nothing written, exit 4', async () => {
    const admin = connect(pgAdminUrl() as string);
    const locker = connect(url);
    const before = connect(url);
    const customers = count(before, 'customer');
    before.end();
    try {
      // Hold the task table so the import stops after writing its customers, inside its transaction.
      locker.querySync('BEGIN');
      locker.querySync('LOCK TABLE task IN ACCESS EXCLUSIVE MODE');
      const file = path.join(tempDir(), 'more.csv');
      fs.writeFileSync(file, `客户编号,客户名称,等级,负责人\n${Array.from({ length: 50 }, (_, i) => `N${i},新客户${i},B,clerk1`).join('\n')}\n`);
      const run = start(['--db', url, '--today', TODAY, 'import', 'customers', file]);
      const pid = await waitingBackend(admin, dbName);
      admin.querySync('SELECT pg_terminate_backend($1)', [pid]);
      const r = await run.done;
      locker.querySync('ROLLBACK');
      expect(r.code, r.stderr).toBe(4);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      const after = connect(url);
      expect(count(after, 'customer')).toBe(customers);
      after.end();
    } finally {
      locker.end();
      admin.end();
    }
  });

  it('the connection dropped in the middle of log: no visit, no task change, exit 4', async () => {
    const admin = connect(pgAdminUrl() as string);
    const locker = connect(url);
    const probe = connect(url);
    const visits = count(probe, 'visit');
    const doneTasks = count(probe, "task WHERE status = 'done'");
    try {
      locker.querySync('BEGIN');
      locker.querySync('LOCK TABLE visit IN ACCESS EXCLUSIVE MODE');
      const run = start(['--db', url, '--today', TODAY, 'log', 'T0001', '--outcome', 'reached', '--score', '5', '--yes']);
      const pid = await waitingBackend(admin, dbName);
      admin.querySync('SELECT pg_terminate_backend($1)', [pid]);
      const r = await run.done;
      locker.querySync('ROLLBACK');
      expect(r.code, r.stderr).toBe(4);
      expect(count(probe, 'visit')).toBe(visits);
      expect(count(probe, "task WHERE status = 'done'")).toBe(doneTasks);
    } finally {
      probe.end();
      locker.end();
      admin.end();
    }
  });

  it('huifang killed (kill -9) in the middle of an import: all or nothing', async () => {
    const admin = connect(pgAdminUrl() as string);
    const locker = connect(url);
    const probe = connect(url);
    const customers = count(probe, 'customer');
    try {
      locker.querySync('BEGIN');
      locker.querySync('LOCK TABLE task IN ACCESS EXCLUSIVE MODE');
      const file = path.join(tempDir(), 'killed.csv');
      fs.writeFileSync(file, `客户编号,客户名称,等级,负责人\n${Array.from({ length: 50 }, (_, i) => `K${i},新客户${i},B,clerk2`).join('\n')}\n`);
      const run = start(['--db', url, '--today', TODAY, 'import', 'customers', file]);
      await waitingBackend(admin, dbName);
      run.child.kill('SIGKILL');
      await run.done;
      // The server notices the closed connection once its statement can go on; then it rolls back.
      locker.querySync('ROLLBACK');
      await noHuifangSessions(admin, dbName);
      expect(count(probe, 'customer')).toBe(customers);
    } finally {
      probe.end();
      locker.end();
      admin.end();
    }
  });
});
