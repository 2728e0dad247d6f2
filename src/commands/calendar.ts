// `huifang calendar show [--year] | import FILE`: the working-day calendar and the user's overrides.
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import type { Context } from '../cli/context.js';
import { addDays, isIsoDate, yearOf } from '../domain/dates.js';
import { InputError } from '../errors.js';
import { readTextDocument } from '../io/input-file.js';
import { parseWholeNumber } from '../io/parse-values.js';
import { toCsv } from '../io/csv-writer.js';
import { toJson } from '../render/json.js';
import { renderTable } from '../render/table.js';
import { weekdayName } from '../render/due-view.js';
import { openStore } from '../store/db.js';
import { loadCalendar } from '../store/plan-store.js';
import { importFile } from '../app/import-file.js';
import { OptionChecker } from './option-values.js';

/**
 * The years a calendar can be shown for: chinese-days' lunar tables (festivals) run from 1900 to
 * 2100, and the date arithmetic works on four-digit years (year 9999 never ended: its last day
 * plus one, '10000-01-01', sorts before '9999-12-31').
 */
const CALENDAR_YEARS = { from: 1900, to: 2100 } as const;

export function calendarShow(ctx: Context, options: { year?: string; json?: boolean }): void {
  const check = new OptionChecker();
  const year = check.value('--year', options.year, (t) => parseWholeNumber(t, CALENDAR_YEARS.from, CALENDAR_YEARS.to)) ?? yearOf(ctx.today);
  check.done();
  const db = openStore(ctx.dbPath, { readonly: true });
  const calendar = loadCalendar(db);
  db.close();
  // Every day that differs from the plain Monday–Friday week, with where that comes from.
  const special = [];
  for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) {
    const info = calendar.day(d);
    if (info.source !== 'weekday') special.push(info);
  }
  if (options.json) {
    ctx.stdout.write(toJson({ year, covered: calendar.covers(year), days: special }));
    return;
  }
  const { t } = ctx;
  ctx.stdout.write(`${ctx.color.bold(t('calendar.title', { year }))} · ${calendar.covers(year) ? t('calendar.covered') : ctx.color.yellow(t('calendar.notCovered', { year }))}\n`);
  if (special.length) {
    ctx.stdout.write(
      `${renderTable(
        [{ header: t('col.date') }, { header: '' }, { header: t('col.kind') }, { header: t('col.dayName') }, { header: t('col.source') }],
        special.map((s) => [
          s.date,
          weekdayName(s.date, ctx.t),
          s.workday ? t('calendar.workday') : t('calendar.holiday'),
          s.name ?? '',
          t(s.source === 'override' ? 'calendar.sourceOverride' : 'calendar.sourceOfficial'),
        ]),
      )}\n`,
    );
  }
}

interface HolidayCnDay {
  name: string;
  date: string;
  isOffDay: boolean;
}

/** The holiday-cn per-year JSON ({ year, days: [{ name, date, isOffDay }] }) as holidays CSV rows. */
function holidayCnToCsv(file: string, text: string): string {
  let doc: { days?: HolidayCnDay[] };
  try {
    doc = JSON.parse(text) as { days?: HolidayCnDay[] };
  } catch (err) {
    throw new InputError('policy.invalid', { file, count: 1 }, [{ file, key: 'policy.badJson', params: { detail: (err as Error).message } }]);
  }
  if (!Array.isArray(doc.days)) throw new InputError('calendar.badJson', { file });
  const rows = doc.days.map((d, i) => {
    if (typeof d?.date !== 'string' || !isIsoDate(d.date) || typeof d.isOffDay !== 'boolean') {
      throw new InputError('calendar.badJsonDay', { file, index: i });
    }
    return [d.date, d.isOffDay ? 'holiday' : 'workday', d.name ?? ''];
  });
  return toCsv([['date', 'kind', 'name'], ...rows]);
}

export async function calendarImport(ctx: Context, file: string): Promise<void> {
  const head = readTextDocument(file);
  let source = file;
  let tmp: string | undefined;
  if (file.toLowerCase().endsWith('.json') || head.trimStart().startsWith('{')) {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'huifang-cal-'));
    source = path.join(tmp, `${path.basename(file)}.csv`);
    fs.writeFileSync(source, holidayCnToCsv(file, head), { mode: 0o600 });
  }
  try {
    const s = await importFile(ctx, 'holidays', source);
    ctx.stdout.write(`${ctx.t('calendar.imported', { file, inserted: s.inserted, updated: s.updated, unchanged: s.unchanged, moved: s.planned?.moved ?? 0 })}\n`);
  } finally {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
}
