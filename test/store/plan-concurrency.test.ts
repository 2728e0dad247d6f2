// The monthly re-plan under concurrency (issue 10, point 14): readers never queue behind it, and it is done once.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initStore } from '../../src/commands/init.js';
import { openStore, writeTransactionIfFree } from '../../src/store/db.js';
import { getMeta } from '../../src/store/meta.js';
import { ensurePlanCurrent, planContext } from '../../src/app/plan-sync.js';
import { ROOT, tempDir, testContext } from '../helpers.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

/** A store whose plan was last moved on `plannedOn` (init plans through the end of the next month, SPEC §3.0). */
function storePlannedOn(plannedOn: string): string {
  const db = path.join(tempDir(), 'huifang.db');
  initStore(testContext({ dbPath: db, today: plannedOn }).ctx).close();
  return db;
}

/**
 * Another process takes the write lock, as a re-plan does, and says so on stdout; after holdMs it
 * commits, having moved planned_through to `through` when given (the re-plan's last write).
 */
async function holdWriteLock(db: string, holdMs: number, through?: string): Promise<void> {
  const script = `import D from 'better-sqlite3';
    const d = new D(${JSON.stringify(db)});
    d.exec('BEGIN IMMEDIATE');
    ${through ? `d.prepare("UPDATE meta SET value = ? WHERE key = 'planned_through'").run(${JSON.stringify(through)});` : ''}
    process.stdout.write('locked\\n');
    setTimeout(() => { d.exec('COMMIT'); d.close(); }, ${holdMs});`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  await once(child.stdout, 'data');
}

describe('ensurePlanCurrent while another process holds the write lock', () => {
  it('a reader whose plan already covers what it reads does not wait and does not fail', async () => {
    // Planned on 2026-11-23: through 2026-12-31 (end of next month). On 2026-12-01 the horizon
    // moves to 2027-01-31, but every task due on 2026-12-01 is already planned.
    const db = storePlannedOn('2026-11-23');
    await holdWriteLock(db, 15_000);
    const conn = openStore(db);
    try {
      // Before: it waited out the 5 s busy timeout and threw SQLITE_BUSY (exit 4).
      expect(ensurePlanCurrent(conn, planContext(conn, '2026-12-01'), '2026-12-01')).toBeUndefined();
      // It returned while the other process still held the lock (held 15 s): it did not wait, by
      // construction rather than by a stopwatch that a loaded machine could trip.
      expect(writeTransactionIfFree(conn, () => true)).toBeUndefined();
      expect(getMeta(conn, 'planned_through')).toBe('2026-12-31');
    } finally {
      conn.close();
    }
  }, 20_000);

  it('a command that must wait finds the re-plan done by the process it waited for, and does not redo it', async () => {
    // Planned on 2026-10-10: through 2026-11-30, which does not cover 2026-12-01, so it must wait.
    const db = storePlannedOn('2026-10-10');
    await holdWriteLock(db, 1500, '2027-01-31');
    const conn = openStore(db);
    try {
      // Before: it read planned_through once, before the lock, and re-planned every customer again.
      expect(ensurePlanCurrent(conn, planContext(conn, '2026-12-01'), '2026-12-01')).toBeUndefined();
      expect(getMeta(conn, 'planned_through')).toBe('2027-01-31');
    } finally {
      conn.close();
    }
  }, 20_000);

  it('a command that must wait keeps waiting past the 5 s busy timeout while the re-plan runs', async () => {
    // A re-plan of a large store outlasts the busy timeout (6.8 s at 100k customers); a reader that
    // cannot read without it failed with exit 4 after 5 s.
    const db = storePlannedOn('2026-10-10');
    await holdWriteLock(db, 6500, '2027-01-31');
    const conn = openStore(db);
    try {
      const started = Date.now();
      expect(ensurePlanCurrent(conn, planContext(conn, '2026-12-01'), '2026-12-01')).toBeUndefined();
      expect(Date.now() - started).toBeGreaterThan(5000);
      expect(getMeta(conn, 'planned_through')).toBe('2027-01-31');
    } finally {
      conn.close();
    }
  }, 20_000);

  it('with the lock free, the first command of the month moves the horizon itself', () => {
    const db = storePlannedOn('2026-11-23');
    const conn = openStore(db);
    try {
      expect(ensurePlanCurrent(conn, planContext(conn, '2026-12-01'), '2026-12-01')).toMatchObject({ customers: 0 });
      expect(getMeta(conn, 'planned_through')).toBe('2027-01-31');
    } finally {
      conn.close();
    }
  });
});
