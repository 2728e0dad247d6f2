// The page model of `report --html`: the report document plus what only the page shows (trend, issues by category and level, problems and needs month by month), read from the store.
import type { Context } from '../cli/context.js';
import { addDays, addMonths } from '../domain/dates.js';
import { UsageError } from '../errors.js';
import { renderReportHtml, type ReportData, type ReportPage, type TrendMonth } from '../render/report-html.js';
import type { Db } from '../store/db.js';
import { issueCells, monthCounts, needsByMonth, needsRecorded, problemsByMonth } from '../store/report-annex.js';

/** Months of the page's trend, the report's month last. */
const TREND_MONTHS = 12;
/** The report's month and the three before it: "this month against the last three" (002 §18). */
const PROBLEM_MONTHS = 4;
/** Needs listed on the page; the others are counted (`report --csv --detail` has every call). */
const NEEDS_SHOWN = 20;

const rate = (n: number, d: number) => (d ? Math.round((n / d) * 10_000) / 10_000 : null);

/** `count` months ending with the month `day` is in, oldest first, and the days they span. */
function monthsUpTo(day: string, count: number): { months: string[]; span: { from: string; to: string } } {
  const first = `${day.slice(0, 7)}-01`;
  const months = Array.from({ length: count }, (_, i) => addMonths(first, i - count + 1).slice(0, 7));
  return { months, span: { from: `${months[0]}-01`, to: addDays(addMonths(first, 1), -1) } };
}

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
  const trendSpan = monthsUpTo(doc.period.to, TREND_MONTHS);
  const counted = new Map(monthCounts(db, trendSpan.span).map((m) => [m.month, m]));
  // The same definitions as the report's figures: coverage = done ÷ planned, on time = on time ÷ done,
  // satisfaction = mean score to two decimals, each month as of its own last day.
  const trend: TrendMonth[] = trendSpan.months.map((month) => {
    const m = counted.get(month);
    return {
      month,
      coverage: m ? rate(m.done, m.planned) : null,
      on_time_rate: m ? rate(m.on_time, m.done) : null,
      satisfaction: m?.scored ? Math.round((m.score_sum / m.scored) * 100) / 100 : null,
    };
  });

  const recent = monthsUpTo(doc.period.to, PROBLEM_MONTHS);
  const byCategory = new Map<string, number[]>();
  for (const p of problemsByMonth(db, recent.span)) {
    const counts = byCategory.get(p.category) ?? recent.months.map(() => 0);
    counts[recent.months.indexOf(p.month)] = p.issues;
    byCategory.set(p.category, counts);
  }
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  // Most frequent this month first, then over the four months, then by name: a stable order.
  const problems = [...byCategory]
    .map(([category, counts]) => ({ category, counts }))
    .sort((a, b) => (b.counts.at(-1) ?? 0) - (a.counts.at(-1) ?? 0) || sum(b.counts) - sum(a.counts) || a.category.localeCompare(b.category));
  const needCalls = new Map(needsByMonth(db, recent.span).map((n) => [n.month, n.calls]));
  const recorded = needsRecorded(db, doc.period);

  return {
    doc,
    trend,
    completionFloor,
    issues: issueCells(db, doc.period),
    months: recent.months,
    problems,
    needs: recent.months.map((m) => needCalls.get(m) ?? 0),
    needsRecorded: recorded.slice(0, NEEDS_SHOWN),
    needsTotal: recorded.length,
  };
}
