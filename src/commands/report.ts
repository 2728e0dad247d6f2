// `huifang report`: the period's figures against the policy's targets, as a table, JSON (INTERFACE.md) or CSV.
import { buildReport, reportDetail, type GroupBy } from '../app/build-report.js';
import type { Context } from '../cli/context.js';
import type { IsoDate } from '../domain/dates.js';
import { lastFullMonth, monthPeriod, type Period } from '../domain/period.js';
import { InputError, UsageError } from '../errors.js';
import { checkOutputPath, writeOutputFile } from '../io/output-file.js';
import { parseDate } from '../io/parse-values.js';
import type { Sheet } from '../io/workbook-writer.js';
import { openStore, type Db } from '../store/db.js';
import { OptionChecker } from './option-values.js';
import { checkHtmlOptions } from './report-page.js';
import { writeXlsx, xlsxTarget } from './xlsx-option.js';

export interface ReportOptions {
  month?: string;
  from?: string;
  to?: string;
  by?: string;
  compare?: boolean;
  json?: boolean;
  csv?: boolean;
  html?: boolean;
  xlsx?: boolean;
  detail?: boolean;
  weekly?: boolean;
  out?: string;
  reveal?: boolean;
}

/** --month, or --from/--to, or else the last full month before today. */
export function periodOf(o: ReportOptions, today: IsoDate): Period {
  const check = new OptionChecker();
  if (o.month !== undefined && (o.from !== undefined || o.to !== undefined)) throw new InputError('report.monthOrRange');
  if (o.month !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(o.month)) throw new InputError('option.badMonth', { value: o.month });
  const from = check.value('--from', o.from, parseDate);
  const to = check.value('--to', o.to, parseDate);
  check.done();
  if (o.month) return monthPeriod(o.month);
  if (from || to) {
    if (!from || !to) throw new InputError('report.needBoth');
    if (to < from) throw new InputError('report.backwards', { from, to });
    return { from, to };
  }
  return lastFullMonth(today);
}

export async function reportCommand(ctx: Context, options: ReportOptions): Promise<void> {
  if (options.json && options.csv) throw new InputError('option.jsonOrCsv');
  checkHtmlOptions(options);
  // Before: the table, --json and --html ignored them silently, and the user filed a page without what she asked for.
  if ((options.detail || options.weekly) && !options.csv && !options.xlsx) throw new UsageError('report.exportOnly', { option: options.detail ? '--detail' : '--weekly' });
  const xlsx = xlsxTarget(ctx, options, { outIsForXlsx: false });
  if (options.detail && options.weekly) throw new InputError('report.detailOrWeekly');
  if (options.compare && (options.detail || options.weekly)) throw new InputError('report.compareWhat');
  const by = (options.by ?? 'staff') as GroupBy;
  if (!['staff', 'tier', 'channel', 'week'].includes(by)) throw new InputError('option.badValue', { option: '--by', value: options.by ?? '', allowed: 'staff, tier, channel, week' });
  const period = periodOf(options, ctx.today);
  const out = options.out === undefined ? undefined : checkOutputPath(options.out, { store: ctx.dbPath });
  const db = openStore(ctx.dbPath, { readonly: true });
  let text: string;
  // Each output loads only its own renderer (the table library is not needed for JSON).
  try {
    if (xlsx) return await writeXlsx(ctx, xlsx, await workbookSheets(db, ctx, period, by, options));
    if (options.csv && options.detail) {
      const [{ toCsv }, { detailCsv }] = await Promise.all([import('../io/csv-writer.js'), import('../render/report-csv.js')]);
      const detail = reportDetail(db, period);
      text = toCsv(detailCsv(ctx, detail.policy, period, detail.rows, Boolean(options.reveal)));
    } else {
      const table = !options.json && !options.csv;
      const { doc, policy, trend } = buildReport(db, { period, by, asOf: ctx.today, compare: Boolean(options.compare), trend: table });
      if (options.html) text = (await import('./report-page.js')).reportHtml(ctx, db, doc, policy.report.completion_flag_below);
      else if (options.json) text = (await import('../render/json.js')).toJson(doc);
      else if (options.csv) {
        const [{ toCsv }, csv] = await Promise.all([import('../io/csv-writer.js'), import('../render/report-csv.js')]);
        text = toCsv(options.weekly ? csv.weeklyCsv(ctx, doc) : csv.summaryCsv(ctx, doc));
      } else text = (await import('../render/report-text.js')).renderReport(ctx, doc, policy, trend ?? []);
    }
  } finally {
    db.close();
  }
  if (out) {
    writeOutputFile(out, text);
    ctx.stderr.write(`${ctx.t('report.written', { file: out })}\n`);
  } else {
    ctx.stdout.write(text);
  }
}

/**
 * `--xlsx`: `--detail` or `--weekly` alone, else the whole report: the summary, one sheet per grouping
 * (each built as `--by` builds it), the weekly quota and the visit records, from the CSV exports' rows.
 */
async function workbookSheets(db: Db, ctx: Context, period: Period, by: GroupBy, o: ReportOptions): Promise<Sheet[]> {
  const [csv, sheets] = await Promise.all([import('../render/report-csv.js'), import('../render/report-workbook.js')]);
  const build = (grouping: GroupBy) => buildReport(db, { period, by: grouping, asOf: ctx.today, compare: false, trend: false });
  const { doc } = build(by);
  const detail = () => {
    const d = reportDetail(db, period);
    return sheets.detailSheet(ctx.t, csv.detailCsv(ctx, d.policy, period, d.rows, Boolean(o.reveal)));
  };
  const weekly = () => sheets.weeklySheet(ctx.t, csv.weeklyCsv(ctx, doc));
  if (o.detail) return [detail()];
  if (o.weekly) return [weekly()];
  const groupings = ['staff', 'tier', 'channel'] as const;
  return [
    sheets.summarySheet(ctx.t, doc),
    ...groupings.map((g) => sheets.groupSheet(ctx.t, g, csv.summaryCsv(ctx, g === doc.by ? doc : build(g).doc))),
    weekly(),
    detail(),
  ];
}
