// The working-day calendar (SPEC §3.5) on China's official 2026 schedule, with user overrides.
import { describe, expect, it } from 'vitest';
import { WorkCalendar } from '../../src/domain/calendar.js';
import { addDays } from '../../src/domain/dates.js';
import { festivalOn, festivalsOf, officialCalendar } from '../../src/domain/official-calendar.js';

const cal = new WorkCalendar(officialCalendar());

describe('official 2026 calendar', () => {
  it('knows holidays and make-up working Saturdays (调休)', () => {
    expect(cal.isWorkday('2026-10-03')).toBe(false); // 国庆节, a Saturday and a holiday
    expect(cal.isWorkday('2026-10-05')).toBe(false); // 国庆节 on a Monday
    expect(cal.isWorkday('2026-10-10')).toBe(true); // Saturday, 国庆节调休 working day
    expect(cal.isWorkday('2026-02-14')).toBe(true); // Saturday, 春节调休
    expect(cal.isWorkday('2026-06-13')).toBe(false); // an ordinary Saturday
    expect(cal.isWorkday('2026-06-15')).toBe(true); // an ordinary Monday
  });

  it('moves dates to the next or previous working day', () => {
    expect(cal.onOrAfter('2026-10-03')).toBe('2026-10-08'); // holiday runs 10-01..10-07
    expect(cal.onOrAfter('2026-02-20')).toBe('2026-02-24'); // 春节 runs to 02-23
    expect(cal.onOrBefore('2026-06-14')).toBe('2026-06-12'); // Sunday → Friday
    expect(cal.onOrAfter('2026-04-10')).toBe('2026-04-10'); // a Friday stays
  });

  it('counts working days across a holiday', () => {
    // Thursday 09-24, then 中秋 09-25..09-27: Mon 28, Tue 29, Wed 30.
    expect(cal.addWorkdays('2026-09-24', 3)).toBe('2026-09-30');
    // Important issue raised 09-30: 5 working days must jump National Day (10-01..10-07):
    // 10-08, 10-09, 10-10 (make-up Saturday), 10-12, 10-13.
    expect(cal.addWorkdays('2026-09-30', 5)).toBe('2026-10-13');
    expect(cal.workdaysBetween('2026-09-24', '2026-09-30')).toBe(3);
  });

  it('lateCutoff agrees with counting working days, for every due date of a year (SPEC §3.4 escalation)', () => {
    for (const today of ['2026-10-09', '2026-10-11', '2026-02-24', '2026-06-15']) {
      const cutoff = cal.lateCutoff(today, 5);
      for (let d = '2025-12-01'; d <= today; d = addDays(d, 1)) {
        expect(d < cutoff, `${d} on ${today}`).toBe(cal.workdaysBetween(d, today) > 5);
      }
    }
  });

  it('says which years it covers', () => {
    expect(cal.covers(2026)).toBe(true);
    expect(cal.covers(2004)).toBe(true);
    expect(cal.covers(2035)).toBe(false);
  });
});

describe('overrides', () => {
  it('win over the package and make a year covered', () => {
    const withOverrides = new WorkCalendar(officialCalendar(), [
      { date: '2035-01-01', kind: 'holiday', name: '元旦' },
      { date: '2026-06-15', kind: 'holiday', name: '公司年假' },
    ]);
    expect(withOverrides.isWorkday('2026-06-15')).toBe(false);
    expect(withOverrides.day('2026-06-15')).toMatchObject({ name: '公司年假', source: 'override' });
    expect(withOverrides.covers(2035)).toBe(true);
  });
});

describe('lunar festivals for greetings (SPEC §3.3)', () => {
  it('finds 春节, 元宵, 端午 and 中秋 of 2026 and 2027, whatever the process time zone', () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'America/Los_Angeles';
      const f2026 = festivalsOf(2026);
      expect(f2026.get('2026-02-17')).toBe('spring');
      expect(f2026.get('2026-03-03')).toBe('lantern');
      expect(f2026.get('2026-06-19')).toBe('dragon_boat');
      expect(f2026.get('2026-09-25')).toBe('mid_autumn');
      expect(f2026.get('2026-10-01')).toBe('national');
      expect(festivalsOf(2027).get('2027-02-06')).toBe('spring');
      // The quick path agrees: a date outside the lunar festivals' months needs no conversion.
      expect(festivalOn('2027-02-06')).toBe('spring');
      expect(festivalOn('2026-10-01')).toBe('national');
      expect(festivalOn('2026-11-23')).toBeUndefined();
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
