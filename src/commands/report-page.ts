// The page model of `report --html`: the report document plus what only the page shows (trend, issues by category and level, problems and needs month by month), read from the store.
import type { Context } from '../cli/context.js';
import { monthlyFigures } from '../app/build-report.js';
import { trendMonths, type Period } from '../domain/period.js';
import { UsageError } from '../errors.js';
import { renderReportHtml, type ReportData, type ReportPage, type TrendMonth } from '../render/report-html.js';
import type { Db } from '../store/db.js';
import { issueCells, needsRecorded, problemsByMonth } from '../store/report-annex.js';

/** Months of the page's trend, the report's month last. */
const TREND_MONTHS = 12;
/** The report's month and the three before it: "this month against the last three" (002 §18). */
const PROBLEM_MONTHS = 4;
/** Needs listed on the page; the others are counted (`report --csv --detail` has every call). */
const NEEDS_SHOWN = 20;

/** `--html` needs `--out`: a page is a file to open or print, never terminal output, and --out writes it whole and owner-only. */
export function checkHtmlOptions(o: { html?: boolean; out?: string; json?: boolean; csv?: boolean; xlsx?: boolean }): void {
  if (!o.html) return;
  if (o.json || o.csv || o.xlsx) throw new UsageError('report.htmlAlone');
  if (o.out === undefined) throw new UsageError('report.htmlNeedsOut');
}

/** The page of `report --html`, in the user's language. */
export function reportHtml(ctx: Pick<Context, 't' | 'lang'>, db: Db, doc: ReportData, completionFloor: number): string {
  return renderReportHtml(reportPage(db, doc, completionFloor), ctx.t, ctx.lang);
}

/** `completionFloor`: the policy's `report.completion_flag_below` [002 §23], as on the terminal report. */
function reportPage(db: Db, doc: ReportData, completionFloor: number): ReportPage {
  // The report's own monthly figures (the terminal trend's), over the page's twelve months.
  const monthly = monthlyFigures(db, doc.period, TREND_MONTHS);
  const trend: TrendMonth[] = monthly.map(({ month, figures: f }) => ({ month, coverage: f.coverage, on_time_rate: f.on_time_rate, satisfaction: f.satisfaction.mean }));

  const recent = trendMonths(doc.period, PROBLEM_MONTHS);
  const months = recent.map((m) => m.key);
  const byCategory = new Map<string, number[]>();
  const span = { from: (recent[0] as Period).from, to: (recent[recent.length - 1] as Period).to };
  for (const p of problemsByMonth(db, span)) {
    const counts = byCategory.get(p.category) ?? months.map(() => 0);
    counts[months.indexOf(p.month)] = p.issues;
    byCategory.set(p.category, counts);
  }
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  // Most frequent this month first, then over the four months, then by name: a stable order.
  const problems = [...byCategory]
    .map(([category, counts]) => ({ category, counts }))
    .sort((a, b) => (b.counts.at(-1) ?? 0) - (a.counts.at(-1) ?? 0) || sum(b.counts) - sum(a.counts) || a.category.localeCompare(b.category));
  // The calls that recorded a need, as the report counts them (`needs`), in the trend's last months.
  const needCalls = new Map(monthly.map((m) => [m.month, m.figures.needs]));
  const recorded = needsRecorded(db, doc.period);

  return {
    doc,
    trend,
    completionFloor,
    issues: issueCells(db, doc.period),
    months,
    problems,
    needs: months.map((m) => needCalls.get(m) ?? 0),
    needsRecorded: recorded.slice(0, NEEDS_SHOWN),
    needsTotal: recorded.length,
  };
}
