// Report periods (SPEC §3.8): months, the previous period of --compare, the ISO weeks of --by week, the trend's months.
import { describe, expect, it } from 'vitest';
import { lastFullMonth, monthPeriod, previousPeriod, trendMonths, weeksOf } from '../../src/domain/period.js';

describe('monthPeriod and lastFullMonth', () => {
  it('a month from its first to its last day, February of a leap year included', () => {
    expect(monthPeriod('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    // Run on 2026-01-05, the last full month is December of the year before.
    expect(lastFullMonth('2026-01-05')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
  });
});

describe('previousPeriod (--compare)', () => {
  it('a whole month is compared with the month before, whatever their lengths', () => {
    expect(previousPeriod(monthPeriod('2026-03'))).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(previousPeriod(monthPeriod('2026-01'))).toEqual({ from: '2025-12-01', to: '2025-12-31' });
  });

  it('any other range with as many days just before it', () => {
    // 2026-03-10 to 03-16 is 7 days: the 7 days before are 03-03 to 03-09.
    expect(previousPeriod({ from: '2026-03-10', to: '2026-03-16' })).toEqual({ from: '2026-03-03', to: '2026-03-09' });
    // Two whole months are 61 days (March 31 + April 30): the 61 days before March 1 are Dec 30–31 (2),
    // January (31) and February (28), so they start on 2025-12-30.
    expect(previousPeriod({ from: '2026-03-01', to: '2026-04-30' })).toEqual({ from: '2025-12-30', to: '2026-02-28' });
  });
});

describe('weeksOf (--by week)', () => {
  it('ISO weeks cut to the period: November 2026 starts on a Sunday', () => {
    // 2026-11-01 is a Sunday (10-01 is a Thursday, + 31 days = + 4 weeks + 3 days): W44 holds only 11-01;
    // Monday 11-30 starts W49, of which only that day is in November.
    const weeks = weeksOf(monthPeriod('2026-11'));
    expect(weeks.map((w) => [w.key, w.from, w.to])).toEqual([
      ['2026-W44', '2026-11-01', '2026-11-01'],
      ['2026-W45', '2026-11-02', '2026-11-08'],
      ['2026-W46', '2026-11-09', '2026-11-15'],
      ['2026-W47', '2026-11-16', '2026-11-22'],
      ['2026-W48', '2026-11-23', '2026-11-29'],
      ['2026-W49', '2026-11-30', '2026-11-30'],
    ]);
  });
});

describe('trendMonths', () => {
  it('the given number of months ending with the period’s month, across a year end', () => {
    expect(trendMonths(monthPeriod('2026-02'), 3).map((m) => [m.key, m.from, m.to])).toEqual([
      ['2025-12', '2025-12-01', '2025-12-31'],
      ['2026-01', '2026-01-01', '2026-01-31'],
      ['2026-02', '2026-02-01', '2026-02-28'],
    ]);
  });
});
