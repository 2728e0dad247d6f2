// The weekly call quota (SPEC §3.6, [004 鸿枫 1.5]): ISO weeks of a period, their targets, and each clerk's calls.
import { describe, expect, it } from 'vitest';
import { weekday } from '../../src/domain/dates.js';
import { isoWeek } from '../../src/domain/period.js';
import { quotaWeeks, weeklyCalls } from '../../src/domain/weekly-quota.js';

/** Mondays to Fridays only: the calendar without holidays. */
const weekdaysOnly = (d: string) => weekday(d) !== 0 && weekday(d) !== 6;
const MARCH = { from: '2026-03-01', to: '2026-03-31' };

describe('isoWeek (ISO 8601: weeks from Monday, a week belongs to the year of its Thursday)', () => {
  it.each([
    // 2025-01-01 was a Wednesday and 2025 has 365 days, so 2026-01-01 is a Thursday: week 1 runs Mon 2025-12-29 – Sun 2026-01-04.
    ['2025-12-29', '2026-W01'],
    ['2026-01-01', '2026-W01'],
    ['2026-01-04', '2026-W01'],
    ['2026-01-05', '2026-W02'],
    // Mon 2026-03-02 is 3 + 31 + 28 + 1 = 63 days after Mon 2025-12-29: 9 weeks later, week 10.
    ['2026-03-02', '2026-W10'],
    // 2026 starts on a Thursday, so it has 53 weeks; Fri 2027-01-01 lies in the week of Thu 2026-12-31.
    ['2026-12-31', '2026-W53'],
    ['2027-01-01', '2026-W53'],
    ['2027-01-04', '2027-W01'],
  ])('%s is %s', (d, w) => expect(isoWeek(d)).toBe(w));
});

describe('quotaWeeks: a week straddling the period counts its days inside it, with a target scaled to its working days', () => {
  it('March 2026 with 18 a week: Sun 03-01 alone (no working day), four full weeks, and Mon–Tue 03-30/31', () => {
    // 2026-03-01 is a Sunday (Feb 1 was a Sunday, February has 28 days). W14 runs Mon 03-30 – Sun 04-05;
    // inside March it has 2 working days: 18 × 2 / 5 = 7.2, rounded up to 8.
    expect(quotaWeeks(MARCH, 18, weekdaysOnly)).toEqual([
      { week: '2026-W09', from: '2026-03-01', to: '2026-03-01', working_days: 0, target: 0 },
      { week: '2026-W10', from: '2026-03-02', to: '2026-03-08', working_days: 5, target: 18 },
      { week: '2026-W11', from: '2026-03-09', to: '2026-03-15', working_days: 5, target: 18 },
      { week: '2026-W12', from: '2026-03-16', to: '2026-03-22', working_days: 5, target: 18 },
      { week: '2026-W13', from: '2026-03-23', to: '2026-03-29', working_days: 5, target: 18 },
      { week: '2026-W14', from: '2026-03-30', to: '2026-03-31', working_days: 2, target: 8 },
    ]);
  });

  it('a holiday shrinks the week; a 调休 Saturday does not raise it above the weekly target', () => {
    const holidays = new Set(['2026-03-04', '2026-03-05']);
    const isWorkday = (d: string) => d === '2026-03-14' || (weekdaysOnly(d) && !holidays.has(d));
    const weeks = quotaWeeks(MARCH, 18, isWorkday);
    // W10: Mon, Tue, Fri = 3 working days → 18 × 3 / 5 = 10.8 → 11. W11: 5 + Sat 03-14 = 6 → 21.6, capped at 18.
    expect(weeks.find((w) => w.week === '2026-W10')).toMatchObject({ working_days: 3, target: 11 });
    expect(weeks.find((w) => w.week === '2026-W11')).toMatchObject({ working_days: 6, target: 18 });
  });

  it('a weekly target of 0 is no quota: no weeks', () => {
    expect(quotaWeeks(MARCH, 0, weekdaysOnly)).toEqual([]);
  });
});

describe('weeklyCalls', () => {
  const weeks = quotaWeeks({ from: '2026-03-01', to: '2026-03-15' }, 18, weekdaysOnly);

  it('every clerk × every week with a target; below the target is not met, a clerk with no calls included', () => {
    const rows = weeklyCalls(
      ['王芳', '李娜'],
      [
        { staff: '李娜', day: '2026-03-02', calls: 10 },
        { staff: '李娜', day: '2026-03-06', calls: 9 },
        { staff: '李娜', day: '2026-03-09', calls: 17 },
      ],
      weeks,
    );
    // W09 (Sunday 03-01 only) asks nothing and nobody called in it: left out.
    // 李娜: W10 10 + 9 = 19 ≥ 18 met; W11 17 < 18 not met. 王芳: 0 in both, not met. Names in code-unit order.
    expect(rows.map((r) => [r.staff, r.week, r.calls, r.target, r.met])).toEqual([
      ['李娜', '2026-W10', 19, 18, true],
      ['李娜', '2026-W11', 17, 18, false],
      ['王芳', '2026-W10', 0, 18, false],
      ['王芳', '2026-W11', 0, 18, false],
    ]);
  });

  it('a week without a working day in the period is listed when someone called in it (target 0, met)', () => {
    const rows = weeklyCalls(['王芳'], [{ staff: '王芳', day: '2026-03-01', calls: 2 }], weeks);
    expect(rows[0]).toEqual({ staff: '王芳', week: '2026-W09', from: '2026-03-01', to: '2026-03-01', calls: 2, target: 0, met: true });
    expect(rows).toHaveLength(3);
  });
});
