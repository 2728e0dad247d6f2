// The weekly call quota (SPEC §3.6, [004 鸿枫 1.5 每周电话回访客户不少于18位]): calls per clerk per ISO week of a period, against the target.
import { addDays, type IsoDate } from './dates.js';
import { isoWeek, weeksOf, type Period } from './period.js';

/** The policy's weekly target is for a full working week, Monday to Friday. */
const FULL_WEEK_WORKING_DAYS = 5;

/** The part of one ISO week that lies inside the period, and what is asked of a clerk in it. */
export interface QuotaWeek {
  week: string;
  from: IsoDate;
  to: IsoDate;
  working_days: number;
  target: number;
}

/**
 * The weeks of a period. A week that straddles the period's edge counts only its days inside the
 * period, so every call is counted in exactly one period's report and a closed period never changes;
 * its target shrinks with it. Holidays shrink a week the same way: the target is the weekly one times
 * the week's working days in the period over a full week's five, rounded up, never above the weekly
 * target (a 调休 week of six working days asks no more than a normal one).
 */
export function quotaWeeks(p: Period, weeklyTarget: number, isWorkday: (d: IsoDate) => boolean): QuotaWeek[] {
  if (weeklyTarget <= 0) return []; // no quota set
  return weeksOf(p).map((w) => {
    let workingDays = 0;
    for (let d = w.from; d <= w.to; d = addDays(d, 1)) if (isWorkday(d)) workingDays++;
    const target = Math.min(weeklyTarget, Math.ceil((weeklyTarget * workingDays) / FULL_WEEK_WORKING_DAYS));
    return { week: w.key, from: w.from, to: w.to, working_days: workingDays, target };
  });
}

/** Calls one staff member logged on one day (every logged call, whatever its outcome). */
export interface DayCalls {
  staff: string;
  day: IsoDate;
  calls: number;
}

/** INTERFACE.md `report --json` `weekly_calls`, with the days of the week inside the period. */
export interface WeeklyCalls {
  staff: string;
  week: string;
  from: IsoDate;
  to: IsoDate;
  calls: number;
  target: number;
  met: boolean;
}

/**
 * Every clerk × every week, in name then week order; a clerk who logged nothing in a week is listed
 * with 0 and flagged. A week with no working day in the period (a weekend at its edge, a holiday
 * week) asks nothing and is listed only when someone called in it.
 */
export function weeklyCalls(clerks: readonly string[], calls: readonly DayCalls[], weeks: readonly QuotaWeek[]): WeeklyCalls[] {
  const counted = new Map<string, number>();
  for (const c of calls) {
    const key = `${c.staff}\u001f${isoWeek(c.day)}`;
    counted.set(key, (counted.get(key) ?? 0) + c.calls);
  }
  const calledWeeks = new Set(calls.map((c) => isoWeek(c.day)));
  const shown = weeks.filter((w) => w.target > 0 || calledWeeks.has(w.week));
  const names = [...new Set([...clerks, ...calls.map((c) => c.staff)])].sort();
  return names.flatMap((staff) =>
    shown.map((w) => {
      const n = counted.get(`${staff}\u001f${w.week}`) ?? 0;
      return { staff, week: w.week, from: w.from, to: w.to, calls: n, target: w.target, met: n >= w.target };
    }),
  );
}
