// China's official holiday schedule and lunar festivals, from the chinese-days package.
import { createRequire } from 'node:module';
import { type IsoDate } from './dates.js';
import type { OfficialCalendar } from './calendar.js';

const require = createRequire(import.meta.url);

interface PackageData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

let cached: OfficialCalendar | undefined;

/**
 * We read the package's data file rather than calling isHoliday()/isWorkday(): those parse dates
 * through the process time zone and answer wrongly west of UTC (a Monday taken for a holiday).
 * Entries look like "Spring Festival,春节,4"; we keep the Chinese name.
 */
export function officialCalendar(): OfficialCalendar {
  if (cached) return cached;
  const data = require('chinese-days/dist/chinese-days.json') as PackageData;
  const name = (entry: string) => entry.split(',')[1] ?? entry;
  const holidays = new Map(Object.entries(data.holidays).map(([d, e]) => [d, name(e)]));
  const workdays = new Map(Object.entries(data.workdays).map(([d, e]) => [d, `${name(e)}调休`]));
  const years = new Set([...holidays.keys(), ...workdays.keys()].map((d) => Number(d.slice(0, 4))));
  cached = { holidays, workdays, years };
  return cached;
}

export type FestivalId = 'new_year' | 'spring' | 'lantern' | 'labour' | 'dragon_boat' | 'mid_autumn' | 'national';

/** The festivals greeted [000 #1]: solar ones by date, lunar ones by lunar month and day. */
const SOLAR: Partial<Record<FestivalId, string>> = { new_year: '01-01', labour: '05-01', national: '10-01' };
const LUNAR: Partial<Record<FestivalId, string>> = {
  spring: '01-01',
  lantern: '01-15',
  dragon_boat: '05-05',
  mid_autumn: '08-15',
};

const festivalCache = new Map<number, Map<IsoDate, FestivalId>>();

/**
 * The four lunar festivals always fall in these Gregorian months (春节 Jan 21–Feb 20, 元宵 Feb 4–
 * Mar 6, 端午 May 28–Jun 25, 中秋 Sep 7–Oct 8): outside them there is no need to load the lunar
 * converter at all, which keeps the morning list quick on most days.
 */
const LUNAR_FESTIVAL_MONTHS = new Set(['01', '02', '03', '05', '06', '09', '10']);

/** The festival on a date, if any. */
export function festivalOn(date: IsoDate): FestivalId | undefined {
  const solar = Object.entries(SOLAR).find(([, md]) => md === date.slice(5));
  if (solar) return solar[0] as FestivalId;
  if (!LUNAR_FESTIVAL_MONTHS.has(date.slice(5, 7))) return undefined;
  return festivalsOf(Number(date.slice(0, 4))).get(date);
}

/** Festival dates of a Gregorian year. */
export function festivalsOf(year: number): ReadonlyMap<IsoDate, FestivalId> {
  const hit = festivalCache.get(year);
  if (hit) return hit;
  const out = new Map<IsoDate, FestivalId>();
  for (const [id, md] of Object.entries(SOLAR)) out.set(`${year}-${md}`, id as FestivalId);
  const { getSolarDateFromLunar } = require('chinese-days') as {
    getSolarDateFromLunar: (lunar: string) => { date: string };
  };
  // The package's lunar conversion goes through the process time zone; pin it to China's for
  // the call so a clerk's laptop set to another zone still greets on the right day.
  const savedTz = process.env.TZ;
  process.env.TZ = 'Asia/Shanghai';
  try {
    for (const [id, md] of Object.entries(LUNAR)) {
      // A lunar date of this lunar year falls in this Gregorian year for all four festivals.
      out.set(getSolarDateFromLunar(`${year}-${md}`).date, id as FestivalId);
    }
  } finally {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  }
  festivalCache.set(year, out);
  return out;
}

