// The planner on PostgreSQL (issue 14): the same facts give the same plan as on SQLite, through every
// kind of change a re-plan writes (inserts, closes, links, re-dates, removals, reassignments) and the
// horizon move, and the monthly re-plan runs in one process while the others skip it without waiting.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePlanCurrent, markPlannedThrough, moveHorizon, PLAN_LOCK, planContext, replan } from '../../src/app/plan-sync.js';
import { writeTransactionIfFree, type Db } from '../../src/store/db.js';
import { plannedThrough } from '../../src/store/plan-store.js';
import { WorkCalendar } from '../../src/domain/calendar.js';
import { officialCalendar } from '../../src/domain/official-calendar.js';
import type { PlanContext } from '../../src/domain/planner.js';
import { defaultPolicy } from '../../src/domain/policy.js';
import { sql } from '../../src/store/sql.js';
import { ROOT, tempDir, testContext } from '../helpers.js';
import { closeStore, copyFacts, emptyStore, importedScenario, IMPORTED_ON, makePgDatabase, openStore, planOf } from './plan-scenario.js';

const ADMIN = process.env.HUIFANG_TEST_PG;

describe.skipIf(!ADMIN)('the planner on PostgreSQL plans what it plans on SQLite', () => {
  let source: Db;
  let lite: Db;
  let pg: Db;
  let pgDb: { url: string; drop: () => void };
  /** Policy, calendar and supervisor read once from the imported store: both stores plan with the same. */
  let ctxOf: (today: string) => PlanContext;
  /** Run the same change on both stores; its counts must agree too. */
  const both = <T>(fn: (db: Db) => T): T => {
    const a = fn(lite);
    const b = fn(pg);
    expect(b).toEqual(a);
    return a;
  };
  const samePlan = () => {
    const a = planOf(lite);
    expect(a.tasks.length).toBeGreaterThan(100);
    expect(planOf(pg)).toEqual(a);
  };

  beforeAll(async () => {
    const dir = tempDir();
    source = openStore(await importedScenario(dir, 300, (dbPath, today) => testContext({ dbPath, today }).ctx));
    const policyStore = source;
    ctxOf = (today) => planContext(policyStore, today);
    lite = emptyStore(path.join(dir, 'lite.db'));
    pgDb = makePgDatabase(ADMIN as string, 'plan_test');
    pg = emptyStore(pgDb.url);
    copyFacts(source, lite);
    copyFacts(source, pg);
  }, 120_000);

  afterAll(() => {
    for (const db of [source, lite, pg]) closeStore(db);
    pgDb?.drop();
  });

  it('plans every customer afresh alike', () => {
    const ctx = ctxOf(IMPORTED_ON);
    const counts = both((db) =>
      db.transaction(() => {
        const c = replan(db, 'all', ctx);
        markPlannedThrough(db, ctx);
        return c;
      }),
    );
    expect(counts.inserted).toBeGreaterThan(100);
    samePlan();
    // Idempotent on both: planning again changes nothing.
    both((db) => db.transaction(() => replan(db, 'all', ctx)));
    expect(both((db) => db.transaction(() => replan(db, 'all', ctx)))).toMatchObject({ inserted: 0, closed: 0, removed: 0, moved: 0 });
  });

  it('re-spreads the first contacts of a day alike when one of its long-neglected customers changes owner', () => {
    // While the onboarding window of the day they were recorded runs (SPEC §3.0), a new owner moves
    // the customer to another clerk's spread, and the others of that day may move with it.
    const ctx = ctxOf(IMPORTED_ON);
    const neglected = both((db) =>
      db.values<number>(
        sql`SELECT t.customer_id FROM task t JOIN customer c ON c.id = t.customer_id
            WHERE t.rule = 'routine' AND t.window_opens = c.created_on AND t.status = 'open' ORDER BY t.customer_id LIMIT 3`,
      ),
    );
    expect(neglected.length).toBe(3);
    const counts = both((db) =>
      db.transaction(() => {
        db.run(sql`UPDATE customer SET owner = '新人' WHERE id IN (${sql.join(neglected)})`);
        return replan(db, neglected, ctx);
      }),
    );
    expect(counts.customers).toBeGreaterThan(3);
    expect(counts.moved).toBeGreaterThan(0);
    samePlan();
  });

  it('moves the horizon a month on, in chunks, alike (and closes the reminders whose appointment passed)', () => {
    // 07-14: the horizon moves from 07-31 to 08-31; chunks of 7 customers.
    const counts = both((db) => moveHorizon(db, ctxOf('2026-07-14'), true, 7, () => {}));
    expect(counts?.customers).toBeGreaterThan(0);
    samePlan();
    // Then two months at once through the commands' entry point, reminders included.
    both((db) => ensurePlanCurrent(db, ctxOf('2026-09-02'), '2026-09-02'));
    expect(both((db) => plannedThrough(db))).toBe('2026-10-31');
    samePlan();
  });

  it('moves the horizon back (a store last planned with a later --today) by re-planning everyone from the cursor, alike', () => {
    both((db) => moveHorizon(db, ctxOf('2026-08-03'), true, 50, () => {}));
    expect(both((db) => plannedThrough(db))).toBe('2026-09-30');
    samePlan();
  });

  it('re-plans changed facts alike: a new delivery, a reached visit, its correction, a new owner, a lost customer, a moved event', () => {
    const ctx = ctxOf('2026-08-03');
    const ids = both((db) => db.values<number>(sql`SELECT id FROM customer WHERE status = 'active' ORDER BY id LIMIT 6`));
    const [a, b, c, d, e] = ids as [number, number, number, number, number];
    const at = '2026-08-03 10:00';
    const change = (fn: (db: Db) => void, who: number[]) =>
      both((db) =>
        db.transaction(() => {
          fn(db);
          return replan(db, who, ctx);
        }),
      );
    // A delivery today: first, second and third calls planned (inserts).
    expect(
      change((db) => {
        db.run(sql`INSERT INTO event (id, customer_id, type, occurred_on, ref, natural_key)
                   VALUES (900001, ${a}, 'delivery', '2026-08-03', 'PG-1', 'ref:PG-1')`);
      }, [a]),
    ).toMatchObject({ inserted: 3 });
    samePlan();
    // A reached on-site visit of b: its open tasks whose window opened are done and linked (closes, links).
    const done = change((db) => {
      db.run(sql`INSERT INTO visit (id, customer_id, staff, at, channel, outcome, respondent, score, signatory, source, recorded_at)
                 VALUES (900001, ${b}, '王芳', ${at}, 'onsite', 'reached', 'self', 5, '某', 'log', ${at})`);
    }, [b]);
    samePlan();
    // The visit corrected to an unreached call: what it did is open again (reopen, derived links removed).
    if (done.closed > 0) {
      change((db) => {
        db.run(sql`INSERT INTO visit (id, customer_id, staff, at, channel, outcome, source, supersedes, recorded_at)
                   VALUES (900002, ${b}, '王芳', ${at}, 'onsite', 'no_answer', 'log', 900001, ${at})`);
      }, [b]);
      samePlan();
    }
    // A new owner takes over c's open tasks (reassign); d is lost: its open tasks are cancelled (SPEC §3.0).
    change((db) => void db.run(sql`UPDATE customer SET owner = '新人' WHERE id = ${c}`), [c]);
    expect(change((db) => void db.run(sql`UPDATE customer SET status = 'lost' WHERE id = ${d}`), [d]).closed).toBeGreaterThan(0);
    samePlan();
    // e's delivery moved to a later date: its future calls take the new dates (re-dates).
    change((db) => {
      db.run(sql`INSERT INTO event (id, customer_id, type, occurred_on, ref, natural_key)
                 VALUES (900002, ${e}, 'delivery', '2026-08-10', 'PG-2', 'ref:PG-2')`);
    }, [e]);
    expect(change((db) => void db.run(sql`UPDATE event SET occurred_on = '2026-08-20' WHERE id = 900002`), [e])).toMatchObject({ moved: 3 });
    samePlan();
  });

  it('runs the monthly re-plan in one process: another skips it at once, reads meanwhile, and finds it done', () => {
    const other = openStore(pgDb.url);
    try {
      const ctx = ctxOf('2026-09-14');
      const mover = pg.transactionIfFree(PLAN_LOCK, () => {
        // While this process holds the plan lock: another's move skips at once (no wait, no error)…
        expect(moveHorizon(other, ctx, false)).toBeUndefined();
        expect(writeTransactionIfFree(other, () => 1)).toBeUndefined();
        // …and reads the plan as it is, unblocked.
        expect(other.value<number>(sql`SELECT count(*) FROM task`)).toBeGreaterThan(0);
        const moved = moveHorizon(pg, ctx, true, 1000, () => {});
        // Its re-planned customers stay locked (for other re-plans) until it commits; reading them is not held up.
        expect(moved?.customers).toBeGreaterThan(0);
        expect(planOf(other).tasks.length).toBeGreaterThan(0);
        return moved;
      });
      expect(mover).toBeDefined();
      // Nested in the outer transaction, the move committed with it; the other process finds nothing left.
      expect(plannedThrough(other)).toBe('2026-10-31');
      expect(moveHorizon(other, ctx, false)).toEqual({ customers: 0, inserted: 0, closed: 0, removed: 0, moved: 0 });
    } finally {
      closeStore(other);
    }
  });

  it('two processes re-planning one customer at once: the second waits for the first and plans nothing twice', async () => {
    // The same context in both processes: the default policy and the official calendar.
    const today = '2026-09-14';
    const ctx: PlanContext = { ...ctxOf(today), policy: defaultPolicy(), calendar: new WorkCalendar(officialCalendar(), []), supervisor: null };
    const id = pg.value<number>(sql`SELECT id FROM customer WHERE status = 'active' ORDER BY id DESC LIMIT 1`) as number;
    pg.run(sql`INSERT INTO event (customer_id, type, occurred_on, ref, natural_key) VALUES (${id}, 'delivery', ${today}, 'PG-3', 'ref:PG-3')`);
    const watcher = openStore(pgDb.url);
    const tx = pg.begin();
    try {
      // This process re-plans first: three calls for the delivery, not yet committed.
      expect(replan(pg, [id], ctx)).toMatchObject({ inserted: 3 });
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'plan-replan-child.ts'), pgDb.url, String(id), today], {
        cwd: ROOT,
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      // Commit once the other process waits for this one's lock on the customer.
      const waiting = () => watcher.value<number>(sql`SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
      for (let i = 0; i < 300 && waiting() === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(waiting()).toBe(1);
      await new Promise((r) => setTimeout(r, 200));
      tx.commit();
      await exited;
      // It then read what this one wrote: nothing to add (without the lock it would have inserted the same three tasks).
      expect(JSON.parse(out)).toMatchObject({ counts: { customers: 1, inserted: 0, closed: 0, removed: 0, moved: 0 } });
      expect(JSON.parse(out).ms).toBeGreaterThan(200);
    } finally {
      tx.rollback();
      closeStore(watcher);
    }
  });

  it("a login that is neither the owner nor a supervisor (a clerk's) leaves the monthly move to them and reads the plan as it is", () => {
    // What roles grant a clerk, as far as the plan goes: her tables, but not meta (pg-roles.seesWholeStore: false).
    const login = `plan_clerk_${process.pid}`;
    pg.exec(`CREATE ROLE ${login} LOGIN`);
    pg.exec(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${login}`);
    pg.exec(`GRANT INSERT, UPDATE, DELETE ON customer, task, visit_task TO ${login}`);
    const clerk = openStore(Object.assign(new URL(pgDb.url), { username: login }).toString());
    try {
      const ctx = ctxOf('2026-10-05'); // horizon 11-30; the store is planned through 10-31
      expect(plannedThrough(clerk)).toBe('2026-10-31');
      ensurePlanCurrent(clerk, ctx, '2026-10-05');
      expect(plannedThrough(clerk)).toBe('2026-10-31');
      expect(ensurePlanCurrent(pg, ctx, '2026-10-05')?.customers).toBeGreaterThan(0);
      expect(plannedThrough(clerk)).toBe('2026-11-30');
    } finally {
      closeStore(clerk);
      pg.exec(`DROP OWNED BY ${login}; DROP ROLE ${login}`);
    }
  });
});

