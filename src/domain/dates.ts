// Plain calendar dates ('YYYY-MM-DD' strings) and their arithmetic; no clock, no time zone.
/** A calendar date written 'YYYY-MM-DD'. Strings sort in date order, which the store relies on. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when text is a real calendar date in 'YYYY-MM-DD' form (2026-02-30 is not). */
export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  return isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || year < 1900 || year > 2999) return false;
  return day <= daysInMonth(year, month);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Gregorian leap years: every 4th, except centuries not divisible by 400. */
const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (MONTH_DAYS[month - 1] as number);
}

export function isoDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 (UTC arithmetic: no time zone, no daylight saving). */
export function epochDay(d: IsoDate): number {
  return Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / DAY_MS;
}

export function fromEpochDay(n: number): IsoDate {
  const t = new Date(n * DAY_MS);
  return isoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

// Plain arithmetic rather than dayjs: working-day searches call these in loops, so a step that
// stays inside the month (every month has a 28th) skips the round trip through a Date.
export function addDays(d: IsoDate, n: number): IsoDate {
  const day = Number(d.slice(8, 10)) + n;
  if (day >= 1 && day <= 28) return `${d.slice(0, 8)}${day < 10 ? '0' : ''}${day}`;
  return fromEpochDay(epochDay(d) + n);
}

/**
 * Calendar months; the day clamps to the month's end (01-31 + 1 month = 02-28, SPEC §3.0). Plain
 * arithmetic on the month count: dayjs did the same at 30 ms of `due` and 29% of a re-plan.
 */
export function addMonths(d: IsoDate, n: number): IsoDate {
  const months = Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1 + n;
  const year = Math.floor(months / 12);
  const month = months - year * 12 + 1;
  return isoDate(year, month, Math.min(Number(d.slice(8, 10)), daysInMonth(year, month)));
}

/** Whole days from a to b (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return epochDay(b) - epochDay(a);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(d: IsoDate): number {
  return (((epochDay(d) + 4) % 7) + 7) % 7;
}

export function yearOf(d: IsoDate): number {
  return Number(d.slice(0, 4));
}

/** The local calendar date of a clock reading: used once, at the edge, to default --today. */
export function localDateOf(now: Date): IsoDate {
  return isoDate(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

/** Local 'YYYY-MM-DD HH:mm' of a clock reading (for timestamps recorded by commands). */
export function localDateTimeOf(now: Date): string {
  const hh = String(now.getHours()).padStart(2, '0');
  const mm = String(now.getMinutes()).padStart(2, '0');
  return `${localDateOf(now)} ${hh}:${mm}`;
}

/** Minutes since 1970 of a 'YYYY-MM-DD HH:mm' stamp, read as plain clock time (no zone). */
export function stampMinutes(at: string): number {
  return (
    Date.UTC(Number(at.slice(0, 4)), Number(at.slice(5, 7)) - 1, Number(at.slice(8, 10)), Number(at.slice(11, 13)), Number(at.slice(14, 16))) /
    60_000
  );
}

/** The 'YYYY-MM-DD HH:mm' stamp of minutes since 1970. */
export function fromStampMinutes(minutes: number): string {
  const t = new Date(minutes * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${isoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate())} ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}`;
}
