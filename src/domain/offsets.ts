// Applying a policy offset (calendar days, months, working days) to a date on the working-day calendar.
import type { WorkCalendar } from './calendar.js';
import { addDays, addMonths, type IsoDate } from './dates.js';
import type { Offset } from './policy.js';

/** Months first, then days, then working days; months clamp to the month's end (SPEC §3.0). */
export function applyOffset(date: IsoDate, offset: Offset, calendar: WorkCalendar): IsoDate {
  let d = date;
  if (offset.months) d = addMonths(d, offset.months);
  if (offset.days) d = addDays(d, offset.days);
  if (offset.working_days) d = calendar.addWorkdays(d, offset.working_days);
  return d;
}

/** Rough length in days, to pick the shortest of several intervals. */
export function approximateDays(offset: Offset): number {
  return (offset.months ?? 0) * 30.44 + (offset.days ?? 0) + (offset.working_days ?? 0) * 1.4;
}

/** Human-readable offset for explanations: '+1 month', '+3 working days', '−1 day'. */
export function describeOffset(offset: Offset, lang: 'zh' | 'en'): string {
  const parts: string[] = [];
  const sign = (n: number) => (n < 0 ? '−' : '+');
  if (offset.months) parts.push(lang === 'zh' ? `${sign(offset.months)}${Math.abs(offset.months)}个月` : `${sign(offset.months)}${Math.abs(offset.months)} month${Math.abs(offset.months) === 1 ? '' : 's'}`);
  if (offset.days) parts.push(lang === 'zh' ? `${sign(offset.days)}${Math.abs(offset.days)}天` : `${sign(offset.days)}${Math.abs(offset.days)} day${Math.abs(offset.days) === 1 ? '' : 's'}`);
  if (offset.working_days) parts.push(lang === 'zh' ? `${sign(offset.working_days)}${Math.abs(offset.working_days)}个工作日` : `${sign(offset.working_days)}${Math.abs(offset.working_days)} working day${Math.abs(offset.working_days) === 1 ? '' : 's'}`);
  return parts.length ? parts.join(' ') : '+0';
}
