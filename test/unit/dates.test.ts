// Month arithmetic (SPEC §3.0: "months are calendar months; the day clamps to the month's end") against dayjs, which it replaced.
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysInMonth } from '../../src/domain/dates.js';

dayjs.extend(utc);

describe('addMonths', () => {
  it('clamps the day to the end of a shorter month (SPEC §3.0)', () => {
    // Hand-computed: 2026 is not a leap year, so Feb has 28 days; 2028 is, 29 days.
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2026-05-31', 1)).toBe('2026-06-30');
    // Across years in both directions: 2026-11 + 14 months = 2028-01; 2026-01 − 13 months = 2024-12.
    expect(addMonths('2026-11-15', 14)).toBe('2028-01-15');
    expect(addMonths('2026-01-15', -13)).toBe('2024-12-15');
    // Centuries: 2100 is not a leap year, 2000 is.
    expect(addMonths('2099-12-29', 2)).toBe('2100-02-28');
    expect(addMonths('2000-03-30', -1)).toBe('2000-02-29');
  });

  it('gives what dayjs gave for every day of 2000–2039 and offsets from −25 to +25 months', () => {
    const offsets = [-25, -13, -12, -11, -6, -3, -2, -1, 0, 1, 2, 3, 6, 11, 12, 13, 24, 25];
    const mismatches: string[] = [];
    let checked = 0;
    for (let d = '2000-01-01'; d < '2040-01-01'; d = addDays(d, 1)) {
      for (const n of offsets) {
        const expected = dayjs.utc(d).add(n, 'month').format('YYYY-MM-DD');
        if (addMonths(d, n) !== expected) mismatches.push(`${d} ${n}: ${addMonths(d, n)} ≠ ${expected}`);
        checked++;
      }
    }
    // 40 years = 14,610 days (10 leap years), each with every offset.
    expect(checked).toBe(14_610 * offsets.length);
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});

describe('daysInMonth', () => {
  it('knows leap years, centuries included', () => {
    expect([daysInMonth(2026, 2), daysInMonth(2028, 2), daysInMonth(1900, 2), daysInMonth(2000, 2), daysInMonth(2026, 12)]).toEqual([28, 29, 28, 29, 31]);
  });
});

describe('addDays', () => {
  it('steps across month and year ends as the calendar does', () => {
    // Hand-computed: 2028 is a leap year (02-29 exists), 2026 is not.
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-11-09', 1)).toBe('2026-11-10');
    expect(addDays('2026-11-10', -1)).toBe('2026-11-09');
  });

  it('agrees with Date arithmetic for every day of 2000–2039 and steps from −40 to +40 days', () => {
    const viaDate = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const mismatches: string[] = [];
    for (let t = Date.UTC(2000, 0, 1); t < Date.UTC(2040, 0, 1); t += 86_400_000) {
      const d = new Date(t).toISOString().slice(0, 10);
      for (const n of [-40, -29, -28, -1, 0, 1, 2, 27, 28, 31, 40]) if (addDays(d, n) !== viaDate(d, n)) mismatches.push(`${d} ${n}`);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});
