// A damaged, shared, busy or read-only store is said to be so, naming the store (issue 10, points 10–13).
// SQLite only, but for one: every case here is about the store's file (its pages, its mode, SQLite's write lock, a
// read-only file); a server store held by another writer is said to be busy, naming it, too.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, newStore, ROOT, runCli, serverSession, storeKinds, tempDir } from '../helpers.js';

const TODAY = '2026-11-23';
let demo: string;

beforeAll(() => {
  // One demo store (320 customers, several hundred pages) copied into each test's own folder.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huifang-safety-'));
  demo = path.join(dir, 'demo.db');
  expect(runCli(['--db', demo, '--today', TODAY, 'demo']).code).toBe(0);
  return () => fs.rmSync(dir, { recursive: true, force: true });
});

/** A private copy of the demo store. */
function store(): { dir: string; db: string } {
  const dir = tempDir();
  const db = path.join(dir, 'huifang.db');
  fs.copyFileSync(demo, db);
  fs.chmodSync(db, 0o600);
  return { dir, db };
}

/** Overwrite the root page of a table with bytes that are no b-tree page, as a bad sector would. */
function damageTable(db: string, table: string): void {
  const conn = new Database(db, { readonly: true });
  const page = conn.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').pluck().get(table) as number;
  const size = conn.pragma('page_size', { simple: true }) as number;
  conn.close();
  const junk = Buffer.alloc(size, 0xa5);
  const fd = fs.openSync(db, 'r+');
  fs.writeSync(fd, junk, 0, size, (page - 1) * size);
  fs.closeSync(fd);
}

const cli = (db: string, args: string[], lang = 'en') => runCli(['--db', db, '--today', TODAY, '--lang', lang, ...args]);

describe('a damaged store (point 12)', () => {
  it('backup refuses a store with a damaged page: exit 4 naming the store, no copy left', () => {
    // The backup API copied the damaged page byte for byte and said "Backed up" (exit 0).
    const { dir, db } = store();
    damageTable(db, 'calendar_override');
    const copy = path.join(dir, 'copy.db');
    const r = cli(db, ['backup', copy]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`The store ${db} is damaged`);
    expect(r.stderr).toContain('node bin/huifang.js backup'); // as the test typed it, so the hint runs as shown
    expect(r.stdout).toBe('');
    expect(fs.existsSync(copy)).toBe(false);
  });

  it('doctor prints what the integrity check found and exits 4 with the damage sentence', () => {
    const { db } = store();
    damageTable(db, 'calendar_override');
    const r = cli(db, ['doctor']);
    expect(r.code).toBe(4);
    // The check's own finding is on the line under the failed integrity check.
    expect(r.stdout).toMatch(/✗ integrity check failed\n {4}\S/);
    expect(r.stderr).toContain(`The store ${db} is damaged`);
  });

  it('a command that meets a damaged page exits 4 naming the store (zh too) and writes nothing', () => {
    // Before: "… is not a huifang store or is damaged" with an empty path.
    const { db } = store();
    damageTable(db, 'visit');
    const before = fs.readFileSync(db);
    const log = cli(db, ['log', 'KH0001', '--channel', 'phone', '--outcome', 'no_answer', '--staff', '王芳', '--yes']);
    expect(log.code).toBe(4);
    expect(log.stderr).toContain(`The store ${db} is damaged`);
    expect(log.stderr).not.toContain('Internal error');
    const zh = cli(db, ['due'], 'zh');
    expect(zh.code).toBe(4);
    expect(zh.stderr).toContain(`数据库 ${db} 已损坏`);
    expect(fs.readFileSync(db).equals(before)).toBe(true);
  });
});

describe('an import into a damaged store (point 12)', () => {
  it('is refused before writing, even when the damage lies in pages the import does not read', () => {
    // Before: exit 0, 1 new customer, the damaged page left as it was under the new rows.
    const { dir, db } = store();
    damageTable(db, 'calendar_override');
    const csv = path.join(dir, 'customers.csv');
    fs.writeFileSync(csv, 'code,name\nNEW1,新客户\n');
    const before = fs.readFileSync(db);
    const r = cli(db, ['import', 'customers', csv]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`The store ${db} is damaged`);
    expect(fs.readFileSync(db).equals(before)).toBe(true);
  });
});

describe('store errors raised after opening name the store (point 11)', () => {
  it('a write that waits out the busy timeout says which store is busy', () => {
    // Before: "The store  is busy…" (exit 4, no path).
    const { db } = store();
    const holder = new Database(db);
    holder.exec('BEGIN IMMEDIATE');
    try {
      const r = cli(db, ['customer', 'add', 'NEW1', '--name', 'x']);
      expect(r.code).toBe(4);
      expect(r.stderr).toContain(`The store ${db} is busy`);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  }, 20_000);

  it.runIf(storeKinds.includes('postgres'))('on PostgreSQL, a write that waits out the lock timeout says which store is busy', () => {
    const db = newStore('postgres');
    expect(cli(db, ['init']).code).toBe(0);
    const holder = serverSession(db);
    // Another writer holds the table: reads go on, writes wait (huifang's lock timeout, 5 s) and give up.
    holder.query('BEGIN');
    holder.query('LOCK TABLE customer IN EXCLUSIVE MODE');
    try {
      expect(cli(db, ['customer', 'list', '--json']).code).toBe(0);
      const r = cli(db, ['customer', 'add', 'NEW1', '--name', 'x']);
      expect(r.code, r.stderr).toBe(4);
      expect(r.stderr).toContain(`The store ${db} is busy`);
    } finally {
      holder.query('ROLLBACK');
      holder.close();
    }
  }, 30_000);

  it('a backup into a folder that does not exist is exit 3 naming the copy, not the store', () => {
    // Before: exit 1 "Internal error: Cannot save backup because the directory does not exist".
    const { dir, db } = store();
    const copy = path.join(dir, 'missing', 'copy.db');
    const r = cli(db, ['backup', copy]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(copy);
    expect(r.stderr).not.toContain('Internal error');
  });

  it('an export into a folder that does not exist is exit 3 naming the path, not an internal error', () => {
    const { dir, db } = store();
    const out = path.join(dir, 'missing', 'policy.yaml');
    const r = cli(db, ['policy', 'export', out]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(out);
    expect(r.stderr).not.toContain('Internal error');
  });
});

describe('a store other users can read (point 13)', () => {
  it('every command warns once on stderr, in both languages, with the chmod that fixes it', () => {
    const { db } = store();
    fs.chmodSync(db, 0o644);
    const en = cli(db, ['due', '--json']);
    expect(en.code).toBe(0);
    expect(en.stderr.match(/Warning: other users can read/g)).toHaveLength(1);
    expect(en.stderr).toContain(`chmod 600 ${db}`);
    JSON.parse(en.stdout); // stdout stays parseable
    const zh = cli(db, ['customer', 'list'], 'zh');
    expect(zh.stderr.match(/警告/g)).toHaveLength(1);
    expect(zh.stderr).toContain(`chmod 600 ${db}`);
    fs.chmodSync(db, 0o600);
    fs.chmodSync(`${db}-wal`, 0o600);
    fs.chmodSync(`${db}-shm`, 0o600);
    expect(cli(db, ['customer', 'list']).stderr).toBe('');
  });

  it('doctor reports the files and how to fix them', () => {
    const { db } = store();
    fs.chmodSync(db, 0o644);
    const r = cli(db, ['doctor']);
    expect(r.code).toBe(4);
    // While the store is open SQLite has given its -wal and -shm the same mode 644: all three are named.
    expect(r.stdout).toContain(`✗ 3 store files can be read by other users; fix: chmod 600 ${db} ${db}-wal ${db}-shm`);
    expect(r.stderr).toContain(`1 check(s) of the store ${db} failed.`);
    // What the fix says to do, file by file (the -wal is gone once the last connection closed).
    for (const f of [db, `${db}-wal`, `${db}-shm`]) if (fs.existsSync(f)) fs.chmodSync(f, 0o600);
    expect(cli(db, ['doctor']).stdout).toContain('✓ only the owner can read the store files');
  });
});

describe('backup of a read-only store (point 10)', () => {
  it('ends promptly with a complete copy when -wal and -shm are left by a killed writer and nobody may write them', () => {
    const { dir, db } = store();
    // A writer killed after its commit leaves the commit only in the -wal, and a -shm beside it.
    const writer = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import D from 'better-sqlite3'; const d = new D(${JSON.stringify(db)});
         d.prepare("INSERT INTO meta (key, value) VALUES ('probe', 'committed')").run();
         process.kill(process.pid, 'SIGKILL');`,
      ],
      { cwd: ROOT },
    );
    expect(writer.signal).toBe('SIGKILL');
    for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.chmodSync(f, 0o444);
    fs.chmodSync(dir, 0o777);
    const copy = path.join(dir, 'copy.db');
    // As a user other than root when we are root (root ignores the modes); setpriv is in util-linux.
    const asUser = process.getuid?.() === 0 && fs.existsSync('/usr/bin/setpriv') ? ['/usr/bin/setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
    const args = [process.execPath, BIN, '--db', db, '--today', TODAY, '--lang', 'en', 'backup', copy];
    // A hang is caught by the spawn's timeout (r.error is then ETIMEDOUT), not by a stopwatch.
    const r = spawnSync(asUser[0] ?? args[0]!, [...asUser.slice(1), ...(asUser.length ? args : args.slice(1))], {
      encoding: 'utf8',
      timeout: 20_000,
      env: { PATH: process.env.PATH, LANG: 'C' },
    });
    expect(r.error).toBeUndefined();
    // Mode 444 lets every user read the store: the warning is right, and it is all that stderr says.
    expect(r.stderr).toMatch(/^Warning: other users can read [^\n]*\n$/);
    expect(r.status).toBe(0);
    const c = new Database(copy, { readonly: true });
    expect(c.prepare("SELECT value FROM meta WHERE key = 'probe'").pluck().get()).toBe('committed');
    expect(c.pragma('integrity_check', { simple: true })).toBe('ok');
    c.close();
  }, 30_000);
});
