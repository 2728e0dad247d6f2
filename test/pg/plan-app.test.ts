// The plan on PostgreSQL made the way users make it (issue 14): init, imports, an event added by hand,
// the horizon move of the next commands; the tasks equal those of the same steps on a SQLite file.
// Needs every store module the app functions use on PostgreSQL (customers, events, visits, policy,
// calendar, staff), not only the planner's: while one of them still fails there ("not yet written for
// PostgreSQL"), the case is skipped, saying which (as test/pg/roles-commands.test.ts does).
import path from 'node:path';
import fs from 'node:fs';
import { afterAll, describe, expect, it, type TestContext } from 'vitest';
import { addEvent } from '../../src/app/events.js';
import { importFile } from '../../src/app/import-file.js';
import { logVisit } from '../../src/app/log-visit.js';
import { ensurePlanCurrent, planContext } from '../../src/app/plan-sync.js';
import { initStore } from '../../src/commands/init.js';
import type { Db } from '../../src/store/db.js';
import { loadDueRows, loadGreetingCandidates } from '../../src/store/due-query.js';
import { plannedThrough } from '../../src/store/plan-store.js';
import { tempDir, testContext } from '../helpers.js';
import { closeStore, IMPORTED_ON, makePgDatabase, openStore, planOf, RECORDED_ON, scenarioCsv } from './plan-scenario.js';

const ADMIN = process.env.HUIFANG_TEST_PG;

describe.skipIf(!ADMIN)('the plan made through the app on PostgreSQL equals the one on SQLite', () => {
  const dropped: (() => void)[] = [];
  afterAll(() => {
    for (const drop of dropped) drop();
  });

  /**
   * The same steps on one store: init, customers, events and visits imported, a delivery added, a
   * reached call logged (its tasks done and linked), two months passing.
   */
  async function steps(location: string, dir: string): Promise<Db> {
    const ctx = (today: string) => testContext({ dbPath: location, today }).ctx;
    closeStore(initStore(ctx(RECORDED_ON)));
    const csv = scenarioCsv(120, 7);
    for (const kind of ['customers', 'events', 'visits'] as const) {
      const file = path.join(dir, `${kind}.csv`);
      fs.writeFileSync(file, csv[kind]);
      await importFile(ctx(kind === 'customers' ? RECORDED_ON : IMPORTED_ON), kind, file);
    }
    const db = openStore(location);
    addEvent(db, 'K000003', { type: 'delivery', occurred_on: IMPORTED_ON, occurred_time: null, amount: 1000, ref: 'APP-1', note: null }, IMPORTED_ON);
    const at = { today: '2026-07-08', now: '2026-07-08 10:30', user: null };
    logVisit(db, { code: 'K000003', outcome: 'reached', channel: 'phone', respondent: 'self', score: 4, staff: '王芳', issues: [] }, at);
    // The next months' first commands move the horizon (07-31 → 08-31 → 10-31).
    ensurePlanCurrent(db, planContext(db, '2026-07-14'), '2026-07-14');
    ensurePlanCurrent(db, planContext(db, '2026-09-02'), '2026-09-02');
    return db;
  }

  it('after init, imports, an event, a logged call and two horizon moves', async (ctx: TestContext) => {
    const dir = tempDir();
    const pgDb = makePgDatabase(ADMIN as string, 'plan_app');
    dropped.push(pgDb.drop);
    const lite = await steps(path.join(dir, 'lite.db'), dir);
    let pg: Db;
    try {
      pg = await steps(pgDb.url, dir);
    } catch (err) {
      const message = String((err as Error).message);
      closeStore(lite);
      if (message.startsWith('not yet written for PostgreSQL')) ctx.skip(`not yet runnable on PostgreSQL: ${message.split('\n')[0]}`);
      throw err;
    }
    try {
      expect(plannedThrough(pg)).toBe('2026-10-31');
      const a = planOf(lite);
      expect(a.tasks.length).toBeGreaterThan(100);
      expect(planOf(pg)).toEqual(a);
      expect(a.links.length).toBeGreaterThan(0);
      // And the list read from it (store/due-query.ts): the same rows, ids aside.
      const due = (db: Db) =>
        loadDueRows(db, { until: '2026-09-02', transactionTypes: ['order', 'sale', 'delivery'] }).map((r) => ({ ...r, task_id: 0 }));
      expect(due(pg)).toEqual(due(lite));
      expect(loadGreetingCandidates(pg, ['03-15', '11-15'])).toEqual(loadGreetingCandidates(lite, ['03-15', '11-15']));
    } finally {
      closeStore(lite);
      closeStore(pg);
    }
  });
});
