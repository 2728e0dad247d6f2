// The monthly horizon move (SPEC §3.0) in bulk: only the customers time alone changes, in short transactions (issue 11 point 4).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src/app/import-file.js';
import { initStore } from '../../src/commands/init.js';
import Database from 'better-sqlite3';
import { migrate, openStore, writeTransactionIfFree } from '../../src/store/db.js';
import { migrations } from '../../src/store/migrations.js';
import { getMeta, setMeta } from '../../src/store/meta.js';
import { ensurePlanCurrent, moveHorizon, planContext, replan, syncPlan } from '../../src/app/plan-sync.js';
import { tempDir, testContext, sqliteRaw } from '../helpers.js';

/** A store made on 2026-06-10 (planned through 07-31) holding the given customers and orders. */
async function storeWith(customers: string, events: string): Promise<string> {
  const dir = tempDir();
  const dbPath = path.join(dir, 'h.db');
  const ctx = testContext({ dbPath, today: '2026-06-10' }).ctx;
  initStore(ctx).close();
  fs.writeFileSync(path.join(dir, 'c.csv'), customers);
  fs.writeFileSync(path.join(dir, 'e.csv'), events);
  await importFile(ctx, 'customers', path.join(dir, 'c.csv'));
  await importFile(ctx, 'events', path.join(dir, 'e.csv'));
  return dbPath;
}

const wakeUps = (dbPath: string) => {
  const db = openStore(dbPath, { readonly: true });
  try {
    return sqliteRaw(db).prepare("SELECT c.code, t.due_on FROM task t JOIN customer c ON c.id = t.customer_id WHERE t.rule = 'wake_up' ORDER BY c.code").all();
  } finally {
    db.close();
  }
};

describe('the horizon move re-plans only customers whose plan time alone changes', () => {
  it('re-plans the customer whose wake-up call the new horizon reaches, and no one else', async () => {
    // Dormancy (SPEC §3.3): last order + 6 months. K1: 2026-03-15 → Tuesday 09-15. K2: 2026-05-20 →
    // Friday 11-20. K3 has no transaction, so no wake-up call at all.
    const dbPath = await storeWith(
      'code,name,tier,since,owner\nK1,One Co,C,2026-01-05,王芳\nK2,Two Co,C,2026-01-05,王芳\nK3,Three Co,C,2026-01-05,王芳\n',
      'customer,type,date,ref\nK1,order,2026-03-15,O1\nK2,order,2026-05-20,O2\n',
    );
    const db = openStore(dbPath);
    try {
      // 07-14: the horizon moves to 08-31, which reaches no wake-up call: nobody is re-planned
      // (before: all three were).
      expect(ensurePlanCurrent(db, planContext(db, '2026-07-14'), '2026-07-14')).toMatchObject({ customers: 0 });
      // 08-14: to 09-30, which reaches K1's 09-15 and not K2's 11-20.
      expect(ensurePlanCurrent(db, planContext(db, '2026-08-14'), '2026-08-14')).toMatchObject({ customers: 1, inserted: 1 });
      expect(getMeta(db, 'planned_through')).toBe('2026-09-30');
      // The plan is what re-planning everyone afresh gives: a full re-plan changes nothing.
      expect(db.transaction(() => replan(db, 'all', planContext(db, '2026-08-14')))).toEqual({ customers: 3, inserted: 0, closed: 0, removed: 0, moved: 0 });
    } finally {
      db.close();
    }
    expect(wakeUps(dbPath)).toEqual([{ code: 'K1', due_on: '2026-09-15' }]);
  });

  it('moves in chunks of short transactions: between two the write lock is free and the chunks done are committed', async () => {
    // Five customers with orders on 2026-03-02 … 03-06 (Monday to Friday): wake-up calls 09-02 …
    // 09-07 (03-05 + 6 months = Saturday 09-05 → Monday 09-07; 03-06 → Sunday 09-06 → 09-07), all
    // reached by the 09-30 horizon of 08-14.
    const codes = ['K1', 'K2', 'K3', 'K4', 'K5'];
    const dbPath = await storeWith(
      `code,name,tier,since,owner\n${codes.map((c) => `${c},${c} Co,C,2026-01-05,王芳`).join('\n')}\n`,
      `customer,type,date,ref\n${codes.map((c, i) => `${c},order,2026-03-0${i + 2},O${i}`).join('\n')}\n`,
    );
    const mover = openStore(dbPath);
    const clerk = openStore(dbPath);
    const seen: { lockFree: boolean; planned: number }[] = [];
    try {
      const counts = moveHorizon(mover, planContext(mover, '2026-08-14'), false, 2, () => {
        // What another process sees between two chunks (before: one transaction, no "between").
        seen.push({ lockFree: writeTransactionIfFree(clerk, () => true) !== undefined, planned: wakeUps(dbPath).length });
      });
      expect(counts).toMatchObject({ customers: 5, inserted: 5 });
      expect(seen).toEqual([
        { lockFree: true, planned: 2 },
        { lockFree: true, planned: 4 },
        { lockFree: true, planned: 5 },
      ]);
      expect(getMeta(mover, 'planned_through')).toBe('2026-09-30');
    } finally {
      mover.close();
      clerk.close();
    }
    expect(wakeUps(dbPath)).toEqual([
      { code: 'K1', due_on: '2026-09-02' },
      { code: 'K2', due_on: '2026-09-03' },
      { code: 'K3', due_on: '2026-09-04' },
      { code: 'K4', due_on: '2026-09-07' },
      { code: 'K5', due_on: '2026-09-07' },
    ]);
  });

  it('a store from before the next plan date re-plans every customer at its first horizon move, then only those concerned', async () => {
    // A store made by the schema before the next plan date: customers planned without one.
    const dbPath = await storeWith(
      'code,name,tier,since,owner\nK1,One Co,C,2026-01-05,王芳\nK2,Two Co,C,2026-01-05,王芳\n',
      'customer,type,date,ref\nK1,order,2026-03-15,O1\n',
    );
    const old = new Database(dbPath);
    old.exec('DROP INDEX customer_next_plan; DROP INDEX customer_created; DROP INDEX task_done_visit; ALTER TABLE customer DROP COLUMN next_plan_on');
    // The migration that added the next plan date runs on it as it once did; the later ones (which
    // do not concern the plan) stay as they are.
    const added = migrations.find((m) => m.sql.includes('ADD COLUMN next_plan_on'));
    if (!added) throw new Error('no migration adds next_plan_on');
    old.pragma(`user_version = ${added.version - 1}`);
    migrate(old, dbPath, migrations.slice(0, added.version));
    expect(old.prepare('SELECT DISTINCT next_plan_on FROM customer').pluck().all()).toEqual(['0000-01-01']);
    old.pragma(`user_version = ${migrations.length}`);
    old.close();
    const db = openStore(dbPath);
    try {
      // 07-14: horizon 08-31. Nothing is known of when time changes their plans: both are re-planned.
      expect(ensurePlanCurrent(db, planContext(db, '2026-07-14'), '2026-07-14')).toMatchObject({ customers: 2 });
      // Now K1 waits for its wake-up call (2026-09-15, as above) and K2 for nothing.
      expect(sqliteRaw(db).prepare('SELECT code, next_plan_on FROM customer ORDER BY code').all()).toEqual([
        { code: 'K1', next_plan_on: '2026-09-15' },
        { code: 'K2', next_plan_on: null },
      ]);
      expect(ensurePlanCurrent(db, planContext(db, '2026-08-14'), '2026-08-14')).toMatchObject({ customers: 1 });
    } finally {
      db.close();
    }
  });
});

describe('a big move is left to another process when the command need not wait for it', () => {
  // Five customers with orders on 2026-03-02 … 03-06: wake-up calls (SPEC §3.3, last order + 6
  // months, moved off weekends) on 09-02, 09-03, 09-04, 09-07, 09-07. The store is made on 06-10 and
  // moved on 07-14 (horizon 08-31, which reaches none of them); on 08-14 the horizon moves to 09-30
  // and reaches all five. With `inlineUpTo: 2` five is a big move.
  const codes = ['K1', 'K2', 'K3', 'K4', 'K5'];
  const WAKE_UPS = ['2026-09-02', '2026-09-03', '2026-09-04', '2026-09-07', '2026-09-07'].map((due_on, i) => ({ code: codes[i], due_on }));
  async function movedOn0714(): Promise<string> {
    const dbPath = await storeWith(
      `code,name,tier,since,owner\n${codes.map((c) => `${c},${c} Co,C,2026-01-05,王芳`).join('\n')}\n`,
      `customer,type,date,ref\n${codes.map((c, i) => `${c},order,2026-03-0${i + 2},O${i}`).join('\n')}\n`,
    );
    const db = openStore(dbPath);
    try {
      expect(ensurePlanCurrent(db, planContext(db, '2026-07-14'), '2026-07-14')).toMatchObject({ customers: 0 });
      expect(getMeta(db, 'planned_through')).toBe('2026-08-31');
    } finally {
      db.close();
    }
    return dbPath;
  }
  /** What ensurePlanCurrent did on 08-14 reading through `reads`, and how often it asked for another process. */
  function on0814(dbPath: string, o: { reads?: string; started?: boolean; inlineUpTo?: number; before?: (db: ReturnType<typeof openStore>) => void } = {}) {
    const db = openStore(dbPath);
    let starts = 0;
    try {
      o.before?.(db);
      const ctx = planContext(db, '2026-08-14');
      const counts = ensurePlanCurrent(db, ctx, o.reads ?? '2026-08-14', {
        start: () => {
          starts++;
          return o.started ?? true;
        },
        inlineUpTo: o.inlineUpTo ?? 2,
      });
      return { counts, starts, through: getMeta(db, 'planned_through') };
    } finally {
      db.close();
    }
  }

  it('starts the other process and reads the plan as it is; `plan --sync` then moves it as the command would have', async () => {
    const dbPath = await movedOn0714();
    expect(on0814(dbPath)).toEqual({ counts: undefined, starts: 1, through: '2026-08-31' });
    expect(wakeUps(dbPath)).toEqual([]);
    // What the started process runs (huifang plan --sync).
    const db = openStore(dbPath);
    try {
      expect(syncPlan(db, planContext(db, '2026-08-14'))).toEqual({
        counts: { customers: 5, inserted: 5, closed: 0, removed: 0, moved: 0 },
        plannedThrough: '2026-09-30',
      });
      expect(getMeta(db, 'horizon_mover')).toBe(''); // the lease is given back when done
    } finally {
      db.close();
    }
    expect(wakeUps(dbPath)).toEqual(WAKE_UPS);
  });

  it('starts none while a live mover holds the lease, and another once its process is gone or its lease is too old', async () => {
    const dbPath = await movedOn0714();
    const lease = (pid: number, ageMs: number, host = os.hostname()) => (db: ReturnType<typeof openStore>) =>
      setMeta(db, 'horizon_mover', `${pid} ${Date.now() - ageMs} ${host}`);
    // This test's own process stands for a live mover on this host, also one that has waited 100 s
    // for a long write before its next chunk (it may wait up to 120 s).
    expect(on0814(dbPath, { before: lease(process.pid, 1000) })).toEqual({ counts: undefined, starts: 0, through: '2026-08-31' });
    expect(on0814(dbPath, { before: lease(process.pid, 100_000) })).toMatchObject({ starts: 0 });
    // A process that has ended (its pid is not running any more).
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    expect(on0814(dbPath, { before: lease(gone, 1000) })).toMatchObject({ starts: 1 });
    // A live pid whose lease is older than any wait (120 s) and the lease (30 s): reused by another process.
    expect(on0814(dbPath, { before: lease(process.pid, 151_000) })).toMatchObject({ starts: 1 });
    // On another PC, where whether it runs cannot be asked: the lease holds 30 s after its last chunk.
    expect(on0814(dbPath, { before: lease(1, 1000, 'another-pc') })).toMatchObject({ starts: 0 });
    expect(on0814(dbPath, { before: lease(1, 31_000, 'another-pc') })).toMatchObject({ starts: 1 });
    expect(wakeUps(dbPath)).toEqual([]);
  });

  it('moves the plan itself when no process could be started, when it must read past the stored plan, or when the move is small', async () => {
    // Could not start one.
    let dbPath = await movedOn0714();
    expect(on0814(dbPath, { started: false })).toMatchObject({ counts: { customers: 5 }, starts: 1, through: '2026-09-30' });
    expect(wakeUps(dbPath)).toEqual(WAKE_UPS);
    // Reads through 09-15, past the stored 08-31: it cannot print without the move.
    dbPath = await movedOn0714();
    expect(on0814(dbPath, { reads: '2026-09-15' })).toMatchObject({ counts: { customers: 5 }, starts: 0, through: '2026-09-30' });
    expect(wakeUps(dbPath)).toEqual(WAKE_UPS);
    // Five customers is no big move by default (one chunk, 1,000).
    dbPath = await movedOn0714();
    expect(on0814(dbPath, { inlineUpTo: 1000 })).toMatchObject({ counts: { customers: 5 }, starts: 0, through: '2026-09-30' });
    expect(wakeUps(dbPath)).toEqual(WAKE_UPS);
  });
});
