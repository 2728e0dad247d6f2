// The report's grouped queries (issue 11 §5) on a small store built here: every expected figure worked out by hand from the rows inserted (SPEC §3.8).
import { beforeEach, describe, expect, it } from 'vitest';
import { figures } from '../../src/domain/metrics.js';
import { monthPeriod } from '../../src/domain/period.js';
import type { Db } from '../../src/store/db.js';
import { memoryStore } from '../../src/store/db.js';
import { lowScoreCalls, periodCounts, reportCounts } from '../../src/store/report-aggregates.js';
import { sql } from '../../src/store/sql.js';

const OCT = monthPeriod('2026-10');
let db: Db;
let n = 0;

function customer(id: number, owner: string, tier = 'A'): void {
  db.run(sql`INSERT INTO customer (id, code, name, tier, tier_source, owner, created_on) VALUES (${id}, ${`K${id}`}, ${`客户${id}`}, ${tier}, 'explicit', ${owner}, '2025-01-01')`);
}
function task(customerId: number, dueOn: string, deadline: string, status: string, closedOn: string | null, assignedTo: string | null = null): void {
  db.run(
    sql`INSERT INTO task (customer_id, rule, source_key, purpose, channel, due_on, deadline, window_opens, assigned_to, status, list_on, closed_on)
     VALUES (${customerId}, 'routine', ${`s${++n}`}, '例行回访', 'phone', ${dueOn}, ${deadline}, ${dueOn}, ${assignedTo}, ${status}, ${dueOn}, ${closedOn})`,
  );
}
function visit(customerId: number, at: string, outcome: string, score: number | null, extra: { staff?: string; needs?: string; supersedes?: number } = {}): number {
  return db.value<number>(
    sql`INSERT INTO visit (customer_id, staff, at, channel, outcome, score, needs, source, supersedes, recorded_at)
       VALUES (${customerId}, ${extra.staff ?? null}, ${at}, 'phone', ${outcome}, ${score}, ${extra.needs ?? null}, 'log', ${extra.supersedes ?? null}, ${at}) RETURNING id`,
  ) as number;
}
function order(customerId: number, on: string, type = 'order'): void {
  db.run(sql`INSERT INTO event (customer_id, type, occurred_on, natural_key) VALUES (${customerId}, ${type}, ${on}, ${`e${++n}`})`);
}
function issue(customerId: number, raisedAt: string, respondBy: string, resolveBy: string, at: { responded?: string; resolved?: string; confirmed?: string } = {}): void {
  db.run(
    sql`INSERT INTO issue (customer_id, category, level, description, raised_at, respond_by, resolve_by, responded_at, resolved_at, confirmed_at)
     VALUES (${customerId}, 'service', 'general', 'x', ${raisedAt}, ${respondBy}, ${resolveBy}, ${at.responded ?? null}, ${at.resolved ?? null}, ${at.confirmed ?? null})`,
  );
}

beforeEach(() => {
  db = memoryStore();
  customer(1, '王芳');
  customer(2, '王芳', 'B');
  customer(3, '李娜', 'B');
  customer(4, '李娜', 'C');
  customer(5, '李娜', 'C');
});

describe('task counts: coverage, timeliness and customers reached, as of the period’s last day', () => {
  it('counts tasks done by the last day; cancelled ones apart; later work does not change a closed month', () => {
    task(1, '2026-10-10', '2026-10-17', 'done', '2026-10-12'); // done on time
    task(1, '2026-10-10', '2026-10-17', 'done', '2026-10-20'); // done 3 days late
    task(2, '2026-10-10', '2026-10-17', 'done', '2026-11-03'); // done after the month: not done in October
    task(3, '2026-10-10', '2026-10-17', 'cancelled', '2026-10-05'); // apart
    task(4, '2026-10-10', '2026-10-17', 'cancelled', '2026-11-02'); // cancelled later: planned, not done, in October
    task(5, '2026-10-10', '2026-10-17', 'unreachable', null);
    task(5, '2026-09-30', '2026-10-07', 'done', '2026-10-01'); // due in September: not October's
    const { overall } = reportCounts(db, OCT, 'staff', 90);
    const f = figures(overall);
    // Due 6, 1 cancelled in October → planned 5; done 2 → coverage 2 / 5 = 0.4.
    expect(f).toMatchObject({ planned: 5, done: 2, cancelled: 1, coverage: 0.4 });
    // Customers due {1, 2, 4, 5} = 4 (3's only task was cancelled); reached {1} = 1 → 0.25.
    expect(f).toMatchObject({ customers_due: 4, customers_reached: 1, customer_coverage: 0.25 });
    // On time 1 of 2 done; days late 0 and 3 → 1.5.
    expect(f).toMatchObject({ on_time: 1, on_time_rate: 0.5, avg_days_late: 1.5 });
  });

  it('groups by the assignee, else the owner; the overall customers are counted once across groups', () => {
    task(1, '2026-10-10', '2026-10-17', 'done', '2026-10-12'); // 王芳 (owner)
    task(1, '2026-10-11', '2026-10-18', 'open', null, '李娜'); // assigned to 李娜: customer 1 is in both groups
    const { overall, groups } = reportCounts(db, OCT, 'staff', 90);
    expect([...groups.keys()]).toEqual(['李娜', '王芳']);
    expect(groups.get('李娜')?.tasks).toMatchObject({ due: 1, done: 0, customers_due: 1 });
    expect(groups.get('王芳')?.tasks).toMatchObject({ due: 1, done: 1, customers_due: 1, customers_reached: 1 });
    // Overall: 2 tasks of one customer: customers due 1, not 1 + 1.
    expect(overall.tasks).toMatchObject({ due: 2, done: 1, customers_due: 1, customers_reached: 1 });
  });

  it('--by week: a task by the ISO week of its due date, cut at the period’s edge', () => {
    // 2026-10-01 is a Thursday (2026-01-01 is a Thursday, + 273 days = 39 weeks): W40 is 10-01–10-04, W41 starts Monday 10-05.
    task(1, '2026-10-04', '2026-10-10', 'done', '2026-10-04');
    task(2, '2026-10-05', '2026-10-10', 'open', null);
    const { groups } = reportCounts(db, OCT, 'week', 90);
    expect([...groups].map(([k, c]) => [k, c.tasks.due, c.tasks.done])).toEqual([
      ['2026-W40', 1, 1],
      ['2026-W41', 1, 0],
    ]);
  });

  it('--by week over a period inside one week: one group', () => {
    task(1, '2026-10-06', '2026-10-10', 'done', '2026-10-06');
    visit(1, '2026-10-06 10:00', 'reached', 5);
    const { groups } = reportCounts(db, { from: '2026-10-05', to: '2026-10-07' }, 'week', 90);
    expect([...groups].map(([k, c]) => [k, c.tasks.done, c.visits.reached])).toEqual([['2026-W41', 1, 1]]);
  });
});

describe('visit counts: reach, satisfaction, needs, conversion', () => {
  it('reach over every attempt, the score distribution over reached calls, a correction replacing what it corrects', () => {
    visit(1, '2026-10-10 10:00', 'reached', 5, { staff: '王芳' });
    visit(1, '2026-10-11 10:00', 'reached', 4, { staff: '王芳', needs: '加购' });
    const wrong = visit(2, '2026-10-12 10:00', 'reached', 1, { staff: '王芳' });
    visit(2, '2026-10-12 10:00', 'reached', 2, { staff: '王芳', supersedes: wrong }); // the correction: 2, not 1
    visit(3, '2026-10-13 10:00', 'no_answer', null);
    visit(3, '2026-10-14 10:00', 'busy', null);
    visit(3, '2026-11-01 09:00', 'reached', 5); // November's
    const f = figures(reportCounts(db, OCT, 'staff', 90).overall);
    // Attempts 5 (the superseded one does not count), reached 3 → 0.6.
    expect(f).toMatchObject({ attempts: 5, reached: 3, reach_rate: 0.6, needs: 1 });
    // (5 + 4 + 2) / 3 = 3.666… → 3.67; share of 4–5: 2 / 3 → 0.6667.
    expect(f.satisfaction).toEqual({ mean: 3.67, n: 3, distribution: { '1': 0, '2': 1, '3': 0, '4': 1, '5': 1 }, csat: 0.6667 });
  });

  it('conversion: an order or sale after the reached call, within the policy’s days and by the period’s end', () => {
    const range = { from: '2026-07-01', to: '2026-10-31' };
    visit(1, '2026-07-01 10:00', 'reached', 5); // order on 09-29 = 07-01 + 90 days: converts
    order(1, '2026-09-29');
    visit(2, '2026-07-01 10:00', 'reached', 5); // order on 09-30 = 07-01 + 91 days: too late
    order(2, '2026-09-30');
    visit(3, '2026-10-20 10:00', 'reached', 5); // sale the same day: not after the call
    order(3, '2026-10-20', 'sale');
    visit(4, '2026-10-30 10:00', 'reached', 5); // order after the period's end: not yet
    order(4, '2026-11-02');
    visit(5, '2026-10-01 10:00', 'no_answer', null); // not reached: never converts
    order(5, '2026-10-02');
    visit(5, '2026-10-05 10:00', 'reached', 5); // sale 10-06: converts
    order(5, '2026-10-06', 'sale');
    const f = figures(reportCounts(db, range, 'tier', 90).overall);
    // Reached 5, converted 2 (customers 1 and 5) → 0.4.
    expect(f).toMatchObject({ reached: 5, conversion: 0.4 });
    // With a 91-day window customer 2's order counts too: 3 / 5.
    expect(figures(reportCounts(db, range, 'tier', 91).overall).conversion).toBe(0.6);
  });

  it('the low-score list: the lowest first, capped, the correction’s score used', () => {
    visit(1, '2026-10-10 10:00', 'reached', 3);
    visit(2, '2026-10-09 10:00', 'reached', 2);
    const wrong = visit(3, '2026-10-08 10:00', 'reached', 1);
    visit(3, '2026-10-08 10:00', 'reached', 5, { supersedes: wrong });
    visit(4, '2026-10-07 10:00', 'reached', 3);
    expect(lowScoreCalls(db, OCT, 3, 2).map((v) => [v.code, v.score])).toEqual([
      ['K2', 2],
      ['K4', 3], // 3 on 10-07 before 3 on 10-10
    ]);
  });
});

describe('issue counts: SLA by its deadline and by the end of the period, open ones by age', () => {
  it('counts each transition made by its deadline and the period’s end', () => {
    issue(1, '2026-10-10 10:00', '2026-10-11 10:00', '2026-10-15 10:00', { responded: '2026-10-10 18:00', resolved: '2026-10-14 09:00', confirmed: '2026-10-16 10:00' }); // both in SLA, closed
    issue(2, '2026-10-10 10:00', '2026-10-11 10:00', '2026-10-15 10:00', { responded: '2026-10-12 09:00', resolved: '2026-10-20 09:00' }); // both late, open
    issue(3, '2026-10-31 20:00', '2026-11-01 20:00', '2026-11-05 20:00', { responded: '2026-11-01 09:00' }); // responded after the month
    issue(4, '2026-10-27 08:00', '2026-10-28 08:00', '2026-11-05 08:00', { confirmed: '2026-11-02 10:00' }); // confirmed after the month: open on 10-31
    const f = figures(reportCounts(db, OCT, 'staff', 90).overall);
    // Open on 10-31: #2 raised 10-10 (21 days: 8–30), #3 raised 10-31 (0 days), #4 raised 10-27 (4 days: 4–7).
    expect(f.issues).toEqual({ raised: 4, responded_in_sla: 1, resolved_in_sla: 1, open: 3, open_by_age: { '0-3': 1, '4-7': 1, '8-30': 1, '30+': 0 } });
  });
});

describe('a whole period without groups (the trend’s months, --compare’s previous period): each as of its own last day', () => {
  it('a task done in the next month is not done in its own month; a month with nothing gives nothing', () => {
    task(1, '2026-09-10', '2026-09-17', 'done', '2026-10-02'); // September: due, done only in October
    task(2, '2026-10-10', '2026-10-17', 'done', '2026-10-12');
    visit(1, '2026-09-15 10:00', 'reached', 4);
    visit(2, '2026-10-15 10:00', 'reached', 2);
    const point = (m: string) => {
      const f = figures(periodCounts(db, monthPeriod(m), null));
      return { coverage: f.coverage, satisfaction: f.satisfaction.mean, attempts: f.attempts };
    };
    expect(point('2026-08')).toEqual({ coverage: null, satisfaction: null, attempts: 0 });
    expect(point('2026-09')).toEqual({ coverage: 0, satisfaction: 4, attempts: 1 });
    expect(point('2026-10')).toEqual({ coverage: 1, satisfaction: 2, attempts: 1 });
    // The same as September's own report, and as its counts with groups.
    expect(figures(reportCounts(db, monthPeriod('2026-09'), 'staff', 90).overall)).toMatchObject({ coverage: 0, satisfaction: { mean: 4 } });
  });

  it('counts the same as the sum of the groups', () => {
    task(1, '2026-10-10', '2026-10-17', 'done', '2026-10-12');
    task(3, '2026-10-11', '2026-10-18', 'open', null);
    visit(1, '2026-10-10 10:00', 'reached', 5, { staff: '王芳', needs: '加购' });
    visit(3, '2026-10-11 10:00', 'no_answer', null, { staff: '李娜' });
    issue(3, '2026-10-11 10:00', '2026-10-12 10:00', '2026-10-15 10:00');
    expect(periodCounts(db, OCT, 90)).toEqual(reportCounts(db, OCT, 'staff', 90).overall);
  });
});
