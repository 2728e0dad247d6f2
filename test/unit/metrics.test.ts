// Report figures from their counts (SPEC §3.8), the scorecard's policy weights and --compare's changes, each expected value worked out by hand.
import { describe, expect, it } from 'vitest';
import { changeOf, emptyCounts, figures, scorecard, type GroupCounts } from '../../src/domain/metrics.js';
import { defaultPolicy } from '../../src/domain/policy.js';

const WEIGHTS = defaultPolicy().report.scorecard;

function counts(over: { tasks?: Partial<GroupCounts['tasks']>; visits?: Partial<GroupCounts['visits']>; issues?: Partial<GroupCounts['issues']> }): GroupCounts {
  const e = emptyCounts();
  return { tasks: { ...e.tasks, ...over.tasks }, visits: { ...e.visits, ...over.visits }, issues: { ...e.issues, ...over.issues } };
}

describe('figures', () => {
  it('nothing counted: counts are 0 and every rate is null (no denominator)', () => {
    const f = figures(emptyCounts());
    expect(f).toMatchObject({ planned: 0, done: 0, coverage: null, on_time_rate: null, reach_rate: null, customer_coverage: null, conversion: null, avg_days_late: null });
    expect(f.satisfaction).toEqual({ mean: null, n: 0, distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 }, csat: null });
  });

  it('coverage: done ÷ (due − cancelled); on time ÷ done; average days late over the done ones', () => {
    const f = figures(counts({ tasks: { due: 6, cancelled: 1, done: 2, on_time: 1, late_days: 3, customers_due: 4, customers_reached: 1 } }));
    // planned 6 − 1 = 5; 2 / 5 = 0.4; customers 1 / 4; on time 1 / 2; 3 days over 2 done = 1.5.
    expect(f).toMatchObject({ planned: 5, done: 2, cancelled: 1, coverage: 0.4, customer_coverage: 0.25, on_time_rate: 0.5, avg_days_late: 1.5 });
  });

  it('satisfaction from the distribution: mean, n and share of 4–5; conversion over reached calls', () => {
    const f = figures(counts({ visits: { attempts: 5, reached: 3, scores: { '1': 0, '2': 1, '3': 0, '4': 1, '5': 1 }, needs: 1, converted: 1 } }));
    // (2 + 4 + 5) / 3 = 3.666… → 3.67; 2 / 3 → 0.6667; conversion 1 / 3 → 0.3333; reach 3 / 5.
    expect(f.satisfaction).toEqual({ mean: 3.67, n: 3, distribution: { '1': 0, '2': 1, '3': 0, '4': 1, '5': 1 }, csat: 0.6667 });
    expect(f).toMatchObject({ reach_rate: 0.6, conversion: 0.3333, needs: 1 });
  });

  it('open issues are the sum of the age buckets', () => {
    const f = figures(counts({ issues: { raised: 4, responded_in_sla: 1, resolved_in_sla: 1, open_by_age: { '0-3': 1, '4-7': 1, '8-30': 1, '30+': 0 } } }));
    expect(f.issues).toMatchObject({ raised: 4, open: 3 });
  });
});

describe('scorecard [002 §21], weighed by the policy (report.scorecard)', () => {
  const f = figures(
    counts({
      tasks: { due: 2, done: 1, customers_due: 1 },
      visits: { attempts: 1, reached: 1, scores: { '1': 0, '2': 0, '3': 0, '4': 1, '5': 0 } },
      issues: { raised: 2, resolved_in_sla: 1 },
    }),
  );

  it('default 40/30/30: completion 0.5, resolution 0.5, satisfaction 4/5', () => {
    // 0.4 × 0.5 + 0.3 × 0.5 + 0.3 × 0.8 = 0.2 + 0.15 + 0.24 = 0.59 → 59.
    expect(scorecard(f, WEIGHTS)).toBe(59);
  });

  it('other weights from the policy: 50/0/50', () => {
    // (0.5 × 0.5 + 0 × 0.5 + 0.5 × 0.8) / 1 = 0.25 + 0.4 = 0.65 → 65.
    expect(scorecard(f, { completion: 0.5, resolution: 0, satisfaction: 0.5 })).toBe(65);
  });

  it('a part with nothing to measure is left out and the others weighed up to the whole', () => {
    const g = figures(counts({ tasks: { due: 1, done: 1 }, visits: { attempts: 1, reached: 1, scores: { '1': 0, '2': 0, '3': 0, '4': 1, '5': 0 } } }));
    // No issues: (0.4 × 1 + 0.3 × 0.8) / 0.7 = 0.64 / 0.7 = 0.914… → 91.4.
    expect(scorecard(g, WEIGHTS)).toBe(91.4);
    expect(scorecard(figures(emptyCounts()), WEIGHTS)).toBeNull();
  });
});

describe('changeOf (--compare): now − before for every figure, null where either is unknown', () => {
  it('rates in fractions without floating-point dust, counts as counts', () => {
    const now = figures(counts({ tasks: { due: 10, done: 9 }, visits: { attempts: 4, reached: 2, scores: { '1': 0, '2': 0, '3': 0, '4': 1, '5': 1 } } }));
    const before = figures(counts({ tasks: { due: 8, done: 6 }, visits: { attempts: 0 } }));
    const c = changeOf(now, before);
    // Coverage 0.9 − 0.75 = 0.15 (in floating point 0.15000000000000002); planned 10 − 8 = 2.
    expect(c).toMatchObject({ planned: 2, done: 3, coverage: 0.15 });
    // No calls before: reach rate and satisfaction have nothing to compare with.
    expect(c.reach_rate).toBeNull();
    expect(c.satisfaction.mean).toBeNull();
    expect(c.satisfaction.distribution).toEqual({ '1': 0, '2': 0, '3': 0, '4': 1, '5': 1 });
  });
});
