// The working-day calendar (SPEC §3.5): official holidays and 调休 working weekends, user overrides on top.
import { addDays, weekday, yearOf, type IsoDate } from './dates.js';

export type DayKind = 'workday' | 'holiday';

/** Official data for the years a calendar package covers. */
export interface OfficialCalendar {
  /** Public holidays (days off that would otherwise be working days, and those on weekends). */
  holidays: ReadonlyMap<IsoDate, string>;
  /** Make-up working days on weekends (调休上班). */
  workdays: ReadonlyMap<IsoDate, string>;
  years: ReadonlySet<number>;
}

export interface CalendarOverride {
  date: IsoDate;
  kind: DayKind;
  name: string | null;
}

export interface DayInfo {
  date: IsoDate;
  workday: boolean;
  /** Holiday or make-up day name, when the day is special. */
  name: string | null;
  source: 'override' | 'official' | 'weekday';
}

/** Working-day arithmetic never looks further than this for the next working day. */
const MAX_SEARCH_DAYS = 60;

export class WorkCalendar {
  private readonly overrides = new Map<IsoDate, CalendarOverride>();
  private readonly overrideYears = new Set<number>();
  /** workdaysAfter's answers: thousands of customers recorded the same day share one window. */
  private readonly windows = new Map<string, readonly IsoDate[]>();

  constructor(
    private readonly official: OfficialCalendar,
    overrides: readonly CalendarOverride[] = [],
  ) {
    for (const o of overrides) {
      this.overrides.set(o.date, o);
      this.overrideYears.add(yearOf(o.date));
    }
  }

  /** Whether the package or the user's overrides know this year's holidays. */
  covers(year: number): boolean {
    return this.official.years.has(year) || this.overrideYears.has(year);
  }

  day(date: IsoDate): DayInfo {
    const o = this.overrides.get(date);
    if (o) return { date, workday: o.kind === 'workday', name: o.name, source: 'override' };
    const holiday = this.official.holidays.get(date);
    if (holiday !== undefined) return { date, workday: false, name: holiday, source: 'official' };
    const makeUp = this.official.workdays.get(date);
    if (makeUp !== undefined) return { date, workday: true, name: makeUp, source: 'official' };
    const wd = weekday(date);
    return { date, workday: wd !== 0 && wd !== 6, name: null, source: 'weekday' };
  }

  isWorkday(date: IsoDate): boolean {
    const o = this.overrides.get(date);
    if (o) return o.kind === 'workday';
    if (this.official.holidays.has(date)) return false;
    if (this.official.workdays.has(date)) return true;
    const wd = weekday(date);
    return wd !== 0 && wd !== 6;
  }

  /** The date itself when it is a working day, else the next working day. */
  onOrAfter(date: IsoDate): IsoDate {
    return this.search(date, 1);
  }

  /** The date itself when it is a working day, else the previous one (for reminders before an event). */
  onOrBefore(date: IsoDate): IsoDate {
    return this.search(date, -1);
  }

  /** n working days after (n > 0) or before (n < 0) the date, not counting the date itself. */
  addWorkdays(date: IsoDate, n: number): IsoDate {
    const step = n < 0 ? -1 : 1;
    let d = date;
    for (let left = Math.abs(n); left > 0; ) {
      d = addDays(d, step);
      if (this.isWorkday(d)) left--;
    }
    return d;
  }

  /** The first n working days after the date (n ≥ 1), in order. */
  workdaysAfter(date: IsoDate, n: number): readonly IsoDate[] {
    const key = `${date}/${n}`;
    let days = this.windows.get(key);
    if (!days) {
      const list: IsoDate[] = [];
      for (let d = date; list.length < n; ) list.push((d = this.addWorkdays(d, 1)));
      days = list;
      this.windows.set(key, days);
    }
    return days;
  }

  /**
   * The latest due date that is NOT more than n working days late today: a task due before it is
   * late by more than n working days (escalation, SPEC §3.4). One search instead of a count per task.
   */
  lateCutoff(today: IsoDate, n: number): IsoDate {
    return this.addWorkdays(this.onOrBefore(today), -n);
  }

  /** Working days strictly after a, up to and including b (0 when b ≤ a). */
  workdaysBetween(a: IsoDate, b: IsoDate): number {
    let n = 0;
    for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) if (this.isWorkday(d)) n++;
    return n;
  }

  private search(date: IsoDate, step: 1 | -1): IsoDate {
    let d = date;
    for (let i = 0; i < MAX_SEARCH_DAYS; i++) {
      if (this.isWorkday(d)) return d;
      d = addDays(d, step);
    }
    // An override file that marks two months as holidays is a mistake; stop rather than loop.
    return date;
  }
}
