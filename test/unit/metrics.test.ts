// Report figures (SPEC §3.8), each expected value worked out by hand from the rows in the test.
import { describe, expect, it } from 'vitest';
import { figures, scorecard, type ReportIssue, type ReportTask, type ReportVisit } from '../../src/domain/metrics.js';

const P = { from: '2026-10-01', to: '2026-10-31' };
let id = 1;
const task = (over: Partial<ReportTask>): ReportTask => ({
  id: id++, customer_id: 1, key: '王芳', due_on: '2026-10-10', deadline: '2026-10-17', status: 'open', closed_on: null, ...over,
});
const visit = (over: Partial<ReportVisit>): ReportVisit => ({
  id: id++, customer_id: 1, key: '王芳', at: '2026-10-10 10:00', reached: true, score: 5, has_needs: false, converted: false, ...over,
});
const issue = (over: Partial<ReportIssue>): ReportIssue => ({
  id: id++, key: '王芳', raised_at: '2026-10-10 10:00', respond_by: '2026-10-11 10:00', resolve_by: '2026-10-15 10:00',
  responded_at: null, resolved_at: null, confirmed_at: null, ...over,
});

describe('figures', () => {
  it('an empty period: counts are 0 and every rate is null (no denominator)', () => {
    const f = figures([], [], [], P);
    expect(f).toMatchObject({ planned: 0, done: 0, coverage: null, on_time_rate: null, reach_rate: null, customer_coverage: null, conversion: null });
    expect(f.satisfaction).toEqual({ mean: null, n: 0, distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 }, csat: null });
  });

  it('coverage counts tasks done by the last day; cancelled ones apart; later work does not change a closed month', () => {
    const tasks = [
      task({ customer_id: 1, status: 'done', closed_on: '2026-10-12' }), // on time (deadline 10-17)
      task({ customer_id: 1, status: 'done', closed_on: '2026-10-20' }), // done, 3 days late
      task({ customer_id: 2, status: 'done', closed_on: '2026-11-03' }), // done after the month: not done in October
      task({ customer_id: 3, status: 'cancelled', closed_on: '2026-10-05' }), // apart
      task({ customer_id: 4, status: 'cancelled', closed_on: '2026-11-02' }), // cancelled later: planned, not done, in October
      task({ customer_id: 5, status: 'unreachable' }),
    ];
    const f = figures(tasks, [], [], P);
    // planned 5 (6 − 1 cancelled in October); done 2 → coverage 0.4.
    expect(f).toMatchObject({ planned: 5, done: 2, cancelled: 1, coverage: 0.4 });
    // customers due {1,2,4,5} = 4; reached {1} = 1.
    expect(f).toMatchObject({ customers_due: 4, customers_reached: 1, customer_coverage: 0.25 });
    // on time 1 of 2; days late: 0 and 3 → 1.5.
    expect(f).toMatchObject({ on_time: 1, on_time_rate: 0.5, avg_days_late: 1.5 });
  });

  it('reach rate over every attempt, satisfaction over reached visits, csat = share of 4–5', () => {
    const visits = [
      visit({ score: 5 }),
      visit({ score: 4, has_needs: true, converted: true }),
      visit({ score: 2 }),
      visit({ reached: false, score: null }),
      visit({ reached: false, score: null }),
    ];
    const f = figures([], visits, [], P);
    expect(f).toMatchObject({ attempts: 5, reached: 3, reach_rate: 0.6, needs: 1 });
    // (5 + 4 + 2) / 3 = 3.666… → 3.67; csat 2/3 → 0.6667; conversion 1/3 → 0.3333.
    expect(f.satisfaction).toEqual({ mean: 3.67, n: 3, distribution: { '1': 0, '2': 1, '3': 0, '4': 1, '5': 1 }, csat: 0.6667 });
    expect(f.conversion).toBe(0.3333);
  });

  it('issues: in SLA only when the transition came by its deadline and by the end of the period', () => {
    const issues = [
      issue({ responded_at: '2026-10-10 18:00', resolved_at: '2026-10-14 09:00', confirmed_at: '2026-10-16 10:00' }), // both in SLA, closed
      issue({ responded_at: '2026-10-12 09:00', resolved_at: '2026-10-20 09:00' }), // both late, still open
      issue({ raised_at: '2026-10-31 20:00', respond_by: '2026-11-01 20:00', resolve_by: '2026-11-05 20:00', responded_at: '2026-11-01 09:00' }), // responded after the month
    ];
    // Open on 10-31: the second (raised 10-10: 21 days) and the third (raised 10-31: 0 days).
    expect(figures([], [], issues, P).issues).toEqual({
      raised: 3,
      responded_in_sla: 1,
      resolved_in_sla: 1,
      open: 2,
      open_by_age: { '0-3': 1, '4-7': 0, '8-30': 1, '30+': 0 },
    });
  });
});

describe('scorecard [002 §21]', () => {
  it('completion 40% + issue resolution 30% + satisfaction 30%', () => {
    const f = figures(
      [task({ status: 'done', closed_on: '2026-10-12' }), task({ status: 'open' })],
      [visit({ score: 4 })],
      [issue({ resolved_at: '2026-10-12 10:00' }), issue({})],
      P,
    );
    // 0.4 × 0.5 + 0.3 × 0.5 + 0.3 × 4/5 = 0.2 + 0.15 + 0.24 = 0.59 → 59.
    expect(scorecard(f)).toBe(59);
  });

  it('a part with nothing to measure is left out: 100% done, 5.0, no issues → 100', () => {
    const f = figures([task({ status: 'done', closed_on: '2026-10-12' })], [visit({ score: 5 })], [], P);
    expect(scorecard(f)).toBe(100);
    expect(scorecard(figures([], [], [], P))).toBeNull();
  });
});
