// The real binary as a user runs it: exit codes, stdout/stderr discipline, languages, file modes (INTERFACE.md).
// What needs a store runs on SQLite and PostgreSQL; a store's file (its mode, a folder given as the store, a
// missing file, the demo's file) is SQLite's alone.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASES, newStore, rawSql, runCli, storeKinds, tempDir, type StoreKind } from '../helpers.js';

const TODAY = '2026-11-23';

function store(kind: StoreKind = 'sqlite') {
  const dir = tempDir();
  const db = newStore(kind, dir, 'huifang.db');
  const r = runCli(['--db', db, '--today', TODAY, 'init']);
  expect(r.code).toBe(0);
  return { dir, db };
}

describe.each(storeKinds)('init on %s', (kind) => {
  it('creates a store once (a private file), and refuses a second time with exit 4', () => {
    const { db } = store(kind);
    if (kind === 'sqlite') expect(fs.statSync(db).mode & 0o777).toBe(0o600);
    const again = runCli(['--db', db, 'init']);
    expect(again.code).toBe(4);
    expect(again.stderr).toContain('already exists; nothing was changed');
    expect(again.stdout).toBe('');
  });
});

// A store file that is not there, in both languages: SQLite's (a missing database on a server is a connection error).
describe('init and the store', () => {
  it('a missing store is exit 4 with a sentence saying how to create one (HUIFANG_DB honoured)', () => {
    const dir = tempDir();
    const r = runCli(['customer', 'list'], { env: { HUIFANG_DB: path.join(dir, 'none.db') } });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^No store at .*none\.db: create one with node bin\/huifang\.js init/); // as the test typed it (io/invocation.ts)
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('speaks Chinese with --lang zh, HUIFANG_LANG or a zh locale', () => {
    const dir = tempDir();
    const none = path.join(dir, 'none.db');
    for (const r of [
      runCli(['--lang', 'zh', '--db', none, 'customer', 'list']),
      runCli(['--db', none, 'customer', 'list'], { env: { HUIFANG_LANG: 'zh' } }),
      runCli(['--db', none, 'customer', 'list'], { env: { LANG: 'zh_CN.UTF-8' } }),
    ]) {
      expect(r.stderr).toMatch(/^找不到数据库 /);
    }
  });
});

describe('exit codes', () => {
  it('2 for an unknown command or option, with a hint', () => {
    const a = runCli(['frobnicate']);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('Unknown command frobnicate.');
    const b = runCli(['customer', 'list', '--colour']);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('Unknown option --colour.');
    expect(runCli(['import', 'customers']).code).toBe(2);
  });

  it('0 for --help and --version', () => {
    const h = runCli(['--help']);
    expect(h.code).toBe(0);
    for (const c of ['init', 'demo', 'import', 'customer', 'event', 'backup', 'doctor']) expect(h.stdout).toMatch(new RegExp(`^\\s+${c}\\b`, 'm'));
    expect(runCli(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('4 for a store path that is a folder; the stack only with --debug', () => {
    const dir = tempDir();
    const r = runCli(['--db', dir, 'customer', 'list']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^Cannot open the store /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const d = runCli(['--db', dir, '--debug', 'customer', 'list']);
    expect(d.stderr).toMatch(/\n\s+at /);
  });
});

describe.each(storeKinds)('exit codes on %s', (kind) => {
  it('3 for bad input, with file:line: column, and nothing written', () => {
    const { db } = store(kind);
    const file = path.join(CASES, 'customers-unknown-tier.csv');
    const r = runCli(['--db', db, 'import', 'customers', file]);
    expect(r.code).toBe(3);
    expect(r.stderr.split('\n')).toContain(`${file}:3: tier: unknown tier "D"; use one of: A, B, C`);
    expect(r.stdout).toBe('');
    const list = runCli(['--db', db, 'customer', 'list', '--json']);
    expect(JSON.parse(list.stdout)).toEqual([]);
  });

  it('3 for a bad option value, naming the option', () => {
    const { db } = store(kind);
    const r = runCli(['--db', db, 'customer', 'add', 'X1', '--name', '甲', '--phone', '12345']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('--phone: "12345" is not a valid phone number');
    expect(runCli(['--db', db, '--today', '2026-13-01', 'customer', 'list']).code).toBe(3);
  });

  it('4 for a store from a newer version', () => {
    const { db } = store(kind);
    // The schema's version: SQLite's user_version, a table on PostgreSQL.
    rawSql(db, kind === 'sqlite' ? 'PRAGMA user_version = 999' : 'UPDATE schema_version SET version = 999');
    const r = runCli(['--db', db, 'customer', 'list']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('made by a newer huifang');
  });
});

describe.each(storeKinds)('a clerk\'s first day on %s', (kind) => {
  it('init → import GBK customers → add one by hand → list as JSON → show → backup → doctor', () => {
    const { dir, db } = store(kind);
    const base = ['--db', db, '--today', TODAY];
    const imp = runCli([...base, 'import', 'customers', path.join(CASES, 'customers-gbk.csv')]);
    expect(imp.code).toBe(0);
    expect(imp.stdout).toMatch(/3 rows, 3 new, 0 updated, 0 unchanged \(GBK\)/);

    const add = runCli([...base, '--lang', 'zh', 'customer', 'add', 'C004', '--name', '杭州新客户', '--annual-purchase', '600万', '--phone', '13700001111', '--contact', '李雷']);
    expect(add.code).toBe(0);
    expect(add.stdout).toBe('已添加客户 C004 杭州新客户（A 类）。\n');

    const list = JSON.parse(runCli([...base, 'customer', 'list', '--json', '--reveal', '--tier', 'A']).stdout) as { code: string; contact: { phone: string } }[];
    expect(list.map((c) => c.code)).toEqual(['C001', 'C004']);
    expect(list[1]?.contact.phone).toBe('13700001111');

    const show = runCli([...base, 'customer', 'show', 'C002']);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('北京市计量检测研究院');
    expect(show.stdout).toContain('010-62345678');

    const removeRefused = runCli([...base, 'event', 'add', 'C002', '--type', '送货', '--date', '2026/11/2', '--ref', 'FH-9']);
    expect(removeRefused.code).toBe(0);
    const rm = runCli([...base, 'customer', 'remove', 'C002']);
    expect(rm.code).toBe(3);
    expect(rm.stderr).toContain('cannot be deleted; mark it lost or do-not-contact instead');
    expect(runCli([...base, 'customer', 'remove', 'C004']).code).toBe(0);

    const backup = path.join(dir, 'copy.db');
    expect(runCli([...base, 'backup', backup]).code).toBe(0);
    expect(fs.statSync(backup).mode & 0o777).toBe(0o600);
    const fromBackup = JSON.parse(runCli(['--db', backup, 'customer', 'list', '--json']).stdout) as unknown[];
    expect(fromBackup).toHaveLength(3);
    expect(runCli([...base, 'backup', backup]).code).toBe(3); // never overwrites

    const doctor = runCli([...base, 'doctor']);
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
    if (kind === 'sqlite') expect(doctor.stdout).toContain('integrity check passed'); // SQLite's integrity_check
  });
});

// The demo's own file in the current folder, and its mode: SQLite's (demo-loop.test.ts runs the demo on both).
describe('demo', () => {
  it('builds a private demo store from the fixtures and refuses to overwrite a real store', () => {
    const dir = tempDir();
    const r = runCli(['--today', TODAY, 'demo'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(fs.statSync(path.join(dir, 'huifang-demo.db')).mode & 0o777).toBe(0o600);
    const customers = JSON.parse(
      runCli(['--db', path.join(dir, 'huifang-demo.db'), 'customer', 'list', '--json']).stdout,
    ) as unknown[];
    expect(customers.length).toBeGreaterThanOrEqual(300);
    // Running it again rebuilds the demo store; a real store at --db is left alone.
    expect(runCli(['--today', TODAY, 'demo'], { cwd: dir }).code).toBe(0);
    const { db } = store();
    const refused = runCli(['--db', db, 'demo']);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('is not a demo store and will not be overwritten');
  });
});
