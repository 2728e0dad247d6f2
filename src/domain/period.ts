// Report periods (SPEC §3.8): a month, its ISO weeks, the months of the trend, the previous period to compare with.
import { addDays, addMonths, daysBetween, daysInMonth, weekday, type IsoDate } from './dates.js';

/** A run of whole days, both ends included. */
export interface Period {
  from: IsoDate;
  to: IsoDate;
}

/** A part of a period with its own name: an ISO week ('2026-W45') or a month ('2026-11'). */
export interface NamedPeriod extends Period {
  key: string;
}

/** The calendar month 'YYYY-MM'. */
export function monthPeriod(month: string): Period {
  const days = daysInMonth(Number(month.slice(0, 4)), Number(month.slice(5, 7)));
  return { from: `${month}-01`, to: `${month}-${String(days).padStart(2, '0')}` };
}

/** The report's default: the last full month before today. */
export function lastFullMonth(today: IsoDate): Period {
  return monthPeriod(addMonths(`${today.slice(0, 7)}-01`, -1).slice(0, 7));
}

const isWholeMonth = (p: Period) => p.from.endsWith('-01') && p.from.slice(0, 7) === p.to.slice(0, 7) && monthPeriod(p.from.slice(0, 7)).to === p.to;

/**
 * What `--compare` sets a period against: the month before a whole month (October for November, though
 * one is a day longer: supervisors compare months), otherwise the same number of days just before it.
 */
export function previousPeriod(p: Period): Period {
  if (isWholeMonth(p)) return monthPeriod(addMonths(p.from, -1).slice(0, 7));
  const length = daysBetween(p.from, p.to) + 1;
  return { from: addDays(p.from, -length), to: addDays(p.from, -1) };
}

/** ISO 8601 week of a date, 'YYYY-Www': weeks start on Monday, and a week belongs to the year of its Thursday. */
export function isoWeek(d: IsoDate): string {
  const thursday = addDays(d, 3 - ((weekday(d) + 6) % 7));
  const year = thursday.slice(0, 4);
  return `${year}-W${String(Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1).padStart(2, '0')}`;
}

/** The ISO weeks of a period, each cut to its days inside the period (so a call counts in one period only). */
export function weeksOf(p: Period): NamedPeriod[] {
  const weeks: NamedPeriod[] = [];
  for (let d = p.from; d <= p.to; d = addDays(d, 1)) {
    const key = isoWeek(d);
    const last = weeks[weeks.length - 1];
    if (last && last.key === key) last.to = d;
    else weeks.push({ key, from: d, to: d });
  }
  return weeks;
}

/** The `count` calendar months ending with the month the period ends in, oldest first: the trend. */
export function trendMonths(p: Period, count: number): NamedPeriod[] {
  const last = `${p.to.slice(0, 7)}-01`;
  return Array.from({ length: count }, (_, i) => {
    const key = addMonths(last, i - count + 1).slice(0, 7);
    return { key, ...monthPeriod(key) };
  });
}
