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
