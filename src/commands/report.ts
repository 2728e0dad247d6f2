// `huifang report`: the period's figures against the policy's targets, as a table, JSON (INTERFACE.md) or CSV.
import type { Context } from '../cli/context.js';
import { addMonths, daysInMonth, type IsoDate } from '../domain/dates.js';
import { figures, figuresBy, scorecard, type Figures, type Period } from '../domain/metrics.js';
import { purposeText, type Policy } from '../domain/policy.js';
import { quotaWeeks, weeklyCalls, type WeeklyCalls } from '../domain/weekly-quota.js';
import { InputError } from '../errors.js';
import type { MessageKey } from '../i18n/index.js';
import { toCsv } from '../io/csv-writer.js';
import { checkOutputPath, writeOutputFile } from '../io/output-file.js';
import { parseDate } from '../io/parse-values.js';
import type { Sheet } from '../io/workbook-writer.js';
import { issueText, type IssueWords } from '../render/issue-text.js';
import { toJson } from '../render/json.js';
import { shownPhone } from '../render/mask.js';
import { detailSheet, figureLabel, groupSheet, summarySheet, weeklySheet } from '../render/report-workbook.js';
import { renderTable } from '../render/table.js';
import { openStore, type Db } from '../store/db.js';
import { loadPolicy } from '../store/policy-store.js';
import { loadCalendar } from '../store/plan-sync.js';
import { detailRows, monthTrendPoint, reportRows, weeklyCallRows, type GroupBy } from '../store/report-query.js';
import { OptionChecker } from './option-values.js';
import { checkHtmlOptions, reportHtml } from './report-page.js';
import { writeXlsx, xlsxTarget } from './xlsx-option.js';

export interface ReportOptions {
  month?: string;
  from?: string;
  to?: string;
  by?: string;
  json?: boolean;
  csv?: boolean;
  html?: boolean;
  xlsx?: boolean;
  detail?: boolean;
  weekly?: boolean;
  out?: string;
  reveal?: boolean;
}

const monthPeriod = (month: string): Period => ({
  from: `${month}-01`,
  to: `${month}-${String(daysInMonth(Number(month.slice(0, 4)), Number(month.slice(5, 7)))).padStart(2, '0')}`,
});

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
  return monthPeriod(addMonths(`${today.slice(0, 7)}-01`, -1).slice(0, 7));
}

type Target = { name: string; value: number | null; target: number; met: boolean | null };

function targetsOf(f: Figures, policy: Policy): Target[] {
  const t = policy.targets;
  const mark = (name: string, value: number | null, target: number): Target => ({ name, value, target, met: value === null ? null : value >= target });
  const issueRate = (n: number) => (f.issues.raised ? Math.round((n / f.issues.raised) * 10_000) / 10_000 : null);
  return [
    mark('coverage', f.coverage, t.coverage),
    mark('on_time_rate', f.on_time_rate, t.on_time),
    mark('satisfaction', f.satisfaction.mean, t.satisfaction),
    mark('responded_in_sla', issueRate(f.issues.responded_in_sla), t.response_in_sla),
    mark('resolved_in_sla', issueRate(f.issues.resolved_in_sla), t.resolution_in_sla),
    mark('conversion', f.conversion, t.conversion),
  ];
}

export function reportCommand(ctx: Context, options: ReportOptions): void | Promise<void> {
  if (options.json && options.csv) throw new InputError('option.jsonOrCsv');
  checkHtmlOptions(options);
  const xlsx = xlsxTarget(ctx, options, { outIsForXlsx: false });
  if (options.detail && options.weekly) throw new InputError('report.detailOrWeekly');
  const by = (options.by ?? 'staff') as GroupBy;
  if (!['staff', 'tier', 'channel', 'week'].includes(by)) throw new InputError('option.badValue', { option: '--by', value: options.by ?? '', allowed: 'staff, tier, channel, week' });
  const period = periodOf(options, ctx.today);
  const out = options.out === undefined ? undefined : checkOutputPath(options.out, { store: ctx.dbPath });
  const db = openStore(ctx.dbPath, { readonly: true });
  try {
    const policy = loadPolicy(db);
    const doc = reportDoc(db, ctx, policy, period, by);
    if (xlsx) return writeXlsx(ctx, xlsx, workbookSheets(db, ctx, policy, doc, options));

    let text: string;
    if (options.html) text = reportHtml(ctx, db, doc);
    else if (options.json) text = toJson(doc);
    else if (options.csv && options.detail) text = toCsv(detailCsv(ctx, policy, period, detailRows(db, period), Boolean(options.reveal)));
    else if (options.csv && options.weekly) text = toCsv(weeklyCsv(ctx, doc));
    else if (options.csv) text = toCsv(summaryCsv(ctx, doc));
    else {
      const trend = Array.from({ length: 6 }, (_, i) => {
        const month = addMonths(`${period.from.slice(0, 7)}-01`, i - 5).slice(0, 7);
        return { month, ...monthTrendPoint(db, monthPeriod(month)) };
      });
      text = renderReport(ctx, doc, trend);
    }
    if (out) {
      writeOutputFile(out, text);
      ctx.stderr.write(`${ctx.t('report.written', { file: out })}\n`);
    } else {
      ctx.stdout.write(text);
    }
  } finally {
    db.close();
  }
}

/** The report of a period grouped `by`: what every rendering shows (the `--json` document). */
function reportDoc(db: Db, ctx: Context, policy: Policy, period: Period, by: GroupBy): Doc {
  const all = reportRows(db, period, by);
  const overall = figures(all.tasks, all.visits, all.issues, period);
  const rows = figuresBy(all.tasks, all.visits, all.issues, period).map((r) => ({ key: r.key, ...r.figures, score: scorecard(r.figures) }));
  const calendar = loadCalendar(db);
  const weeks = quotaWeeks(period, policy.targets.weekly_calls_per_clerk, (d) => calendar.isWorkday(d));
  const quota = weeklyCallRows(db, period);
  return {
    period,
    as_of: ctx.today,
    by,
    overall: { ...overall, score: scorecard(overall) },
    rows,
    targets: targetsOf(overall, policy),
    audit: auditFigures(db, period),
    low_scores: lowScores(db, all.visits.filter((v) => v.reached && v.score !== null && v.score <= policy.low_score.max_score).map((v) => v.id)),
    weekly_target: policy.targets.weekly_calls_per_clerk,
    weekly_calls: weeklyCalls(quota.clerks, quota.calls, weeks),
  };
}

/**
 * `--xlsx`: `--detail` or `--weekly` alone, else the whole report: the summary, one sheet per grouping
 * (each built as `--by` builds it), the weekly quota and the visit records, from the CSV exports' rows.
 */
function workbookSheets(db: Db, ctx: Context, policy: Policy, doc: Doc, o: ReportOptions): Sheet[] {
  const detail = () => detailSheet(ctx.t, detailCsv(ctx, policy, doc.period, detailRows(db, doc.period), Boolean(o.reveal)));
  const weekly = () => weeklySheet(ctx.t, weeklyCsv(ctx, doc));
  if (o.detail) return [detail()];
  if (o.weekly) return [weekly()];
  const groupings = ['staff', 'tier', 'channel'] as const;
  return [
    summarySheet(ctx.t, doc),
    ...groupings.map((by) => groupSheet(ctx.t, by, summaryCsv(ctx, by === doc.by ? doc : reportDoc(db, ctx, policy, doc.period, by)))),
    weekly(),
    detail(),
  ];
}

/**
 * Re-checks of the period's calls [002 §15], the latest per call. They are made after the month by
 * design, so unlike the other figures they grow until the audit is done; unreachable proves nothing.
 */
function auditFigures(db: ReturnType<typeof openStore>, p: Period) {
  const rows = db
    .prepare(
      `SELECT a.result FROM audit a JOIN visit v ON v.id = a.visit_id
       WHERE v.at BETWEEN ? AND ? AND a.id = (SELECT max(id) FROM audit b WHERE b.visit_id = a.visit_id)`,
    )
    .pluck()
    .all(`${p.from} 00:00`, `${p.to} 23:59`) as string[];
  const mismatches = rows.filter((r) => r === 'mismatch').length;
  const judged = rows.filter((r) => r !== 'unreachable').length;
  return { audited: rows.length, mismatches, mismatch_rate: judged ? Math.round((mismatches / judged) * 10_000) / 10_000 : null };
}

/** The low-score calls (already found among the period's visits), with what the supervisor reads. */
function lowScores(db: ReturnType<typeof openStore>, ids: number[]) {
  return db
    .prepare(
      `SELECT v.id, v.at, c.code, c.name, v.staff, v.score, v.feedback FROM visit v JOIN customer c ON c.id = v.customer_id
       WHERE v.id IN (SELECT value FROM json_each(?)) ORDER BY v.score, v.at`,
    )
    .all(JSON.stringify(ids)) as { id: number; at: string; code: string; name: string; staff: string | null; score: number; feedback: string | null }[];
}

type Doc = {
  period: Period;
  as_of: IsoDate;
  by: GroupBy;
  overall: Figures & { score: number | null };
  rows: (Figures & { key: string; score: number | null })[];
  targets: Target[];
  audit: { audited: number; mismatches: number; mismatch_rate: number | null };
  low_scores: ReturnType<typeof lowScores>;
  weekly_target: number;
  weekly_calls: WeeklyCalls[];
};

/** A group's key as the reader sees it: channels are words of the user's language, staff and tiers are data. */
const keyLabel = (ctx: Context, by: GroupBy, key: string) => (by === 'channel' ? ctx.t(`channel.${key}` as MessageKey) : key);

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const num = (v: number | null) => (v === null ? '—' : String(v));

function summaryCsv(ctx: Context, doc: Doc): (string | number | null)[][] {
  const { t } = ctx;
  const header = [t('col.periodFrom'), t('col.periodTo'), t('col.asOf'), t(`report.by.${doc.by}` as MessageKey), t('rep.planned'), t('rep.done'), t('rep.cancelled'), t('rep.coverage'), t('rep.customerCoverage'), t('rep.onTimeRate'), t('rep.avgDaysLate'), t('rep.reachRate'), t('rep.satisfaction'), t('rep.scored'), t('rep.csat'), t('rep.issuesRaised'), t('rep.respondedInSla'), t('rep.resolvedInSla'), t('rep.issuesOpen'), t('rep.needs'), t('rep.conversion'), t('rep.score')];
  const line = (key: string, f: Figures & { score: number | null }) => [
    doc.period.from, doc.period.to, doc.as_of, key, f.planned, f.done, f.cancelled, f.coverage, f.customer_coverage, f.on_time_rate, f.avg_days_late,
    f.reach_rate, f.satisfaction.mean, f.satisfaction.n, f.satisfaction.csat, f.issues.raised, f.issues.responded_in_sla, f.issues.resolved_in_sla,
    f.issues.open, f.needs, f.conversion, f.score,
  ];
  return [header, ...doc.rows.map((r) => line(keyLabel(ctx, doc.by, r.key), r)), line(t('report.total'), doc.overall)];
}

/** `--csv --weekly`: one row per clerk and week, as in `weekly_calls`. */
function weeklyCsv(ctx: Context, doc: Doc): (string | number | null)[][] {
  const { t } = ctx;
  return [
    [t('col.periodFrom'), t('col.periodTo'), t('col.asOf'), t('rep.staff'), t('rep.week'), t('rep.weekFrom'), t('rep.weekTo'), t('rep.calls'), t('report.target'), t('rep.quotaMet')],
    ...doc.weekly_calls.map((w) => [doc.period.from, doc.period.to, doc.as_of, w.staff, w.week, w.from, w.to, w.calls, w.target, t(w.met ? 'report.met' : 'report.missed')]),
  ];
}

function detailCsv(ctx: Context, policy: Policy, p: Period, rows: ReturnType<typeof detailRows>, reveal: boolean): (string | number | null)[][] {
  const { t } = ctx;
  return [
    [t('col.periodFrom'), t('col.periodTo'), t('rep.visit'), t('col.date'), t('col.code'), t('col.name'), t('col.contact'), t('col.phone'), t('rep.staff'), t('col.channel'), t('rep.outcome'), t('rep.respondent'), t('rep.satisfaction'), t('rep.feedback'), t('rep.needs'), t('rep.signatory'), t('rep.supersedes'), t('rep.tasksDone'), t('rep.issuesList')],
    ...rows.map((r) => [
      p.from, p.to, r.id, r.at, r.code, r.name, r.contact, shownPhone(r.phone, reveal), r.staff,
      t(`channel.${r.channel}` as MessageKey), t(`outcome.${r.outcome}` as MessageKey), r.respondent ? t(`respondent.${r.respondent}` as MessageKey) : null,
      r.score, r.feedback, r.needs, r.signatory, r.supersedes,
      r.tasks && r.tasks.split('; ').map((rule) => purposeText(policy, rule, ctx.lang)).join('; '),
      (JSON.parse(r.issues) as IssueWords[]).map((i) => issueText(t, i)).join('; '),
    ]),
  ];
}

const BARS = '▁▂▃▄▅▆▇█';
function spark(values: (number | null)[], lo: number, hi: number): string {
  return values.map((v) => (v === null ? '·' : BARS[Math.max(0, Math.min(7, Math.round(((v - lo) / (hi - lo || 1)) * 7)))])).join('');
}

function renderReport(ctx: Context, doc: Doc, trend: { month: string; coverage: number | null; satisfaction: number | null }[]): string {
  const { t } = ctx;
  const c = ctx.color;
  const out: string[] = [c.bold(t('report.title', { from: doc.period.from, to: doc.period.to, asOf: doc.as_of }))];
  const met = (x: Target) => (x.met === null ? c.dim(t('report.na')) : x.met ? c.green(`✓ ${t('report.met')}`) : c.red(`✗ ${t('report.missed')}`));
  const shown = (x: Target) => (x.name === 'satisfaction' ? num(x.value) : pct(x.value));
  out.push(
    renderTable(
      [{ header: t('report.figure') }, { header: t('report.value'), align: 'right' }, { header: t('report.target'), align: 'right' }, { header: '' }],
      doc.targets.map((x) => [figureLabel(t, x.name), shown(x), x.name === 'satisfaction' ? `≥ ${x.target}` : `≥ ${pct(x.target)}`, met(x)]),
    ),
  );
  const o = doc.overall;
  out.push(t('report.headline', { planned: o.planned, done: o.done, cancelled: o.cancelled, reach: pct(o.reach_rate), n: o.satisfaction.n, raised: o.issues.raised, open: o.issues.open }));
  const age = o.issues.open_by_age;
  out.push(`${t('rep.openByAge')} ${t('rep.openAges', { a: age['0-3'], b: age['4-7'], c: age['8-30'], d: age['30+'] })}`);
  out.push(`${t('rep.audited')} ${doc.audit.audited} · ${t('rep.mismatchRate')} ${pct(doc.audit.mismatch_rate)}`);
  if (doc.low_scores.length) {
    out.push('', c.bold(t('rep.lowScores', { n: doc.low_scores.length })));
    out.push(
      renderTable(
        [{ header: t('col.date') }, { header: t('col.customer') }, { header: t('rep.staff') }, { header: t('rep.satisfaction'), align: 'right' }, { header: t('rep.feedback') }],
        doc.low_scores.slice(0, 20).map((v) => [v.at, `${v.code} ${v.name}`, v.staff ?? '', c.red(String(v.score)), v.feedback ?? '']),
      ),
    );
  }
  out.push('', c.bold(t(`report.by.${doc.by}` as MessageKey)));
  out.push(
    renderTable(
      [{ header: '' }, { header: t('rep.planned'), align: 'right' }, { header: t('rep.coverage'), align: 'right' }, { header: t('rep.onTimeRate'), align: 'right' }, { header: t('rep.reachRate'), align: 'right' }, { header: t('rep.satisfaction'), align: 'right' }, { header: t('rep.issuesRaised'), align: 'right' }, { header: t('rep.score'), align: 'right' }, { header: '' }],
      doc.rows.map((r) => [
        keyLabel(ctx, doc.by, r.key), String(r.planned), pct(r.coverage), pct(r.on_time_rate), pct(r.reach_rate), num(r.satisfaction.mean), String(r.issues.raised), num(r.score),
        doc.by === 'staff' && r.coverage !== null && r.coverage < 0.9 ? c.red(t('report.flagLow')) : doc.by === 'staff' && r.coverage === 1 && r.satisfaction.mean === 5 ? c.green(t('report.flagStar')) : '',
      ]),
    ),
  );
  if (doc.weekly_calls.length) out.push('', c.bold(t('report.weekly', { target: doc.weekly_target })), renderWeekly(ctx, doc.weekly_calls));
  out.push('', c.bold(t('report.trend')));
  out.push(`  ${trend.map((x) => x.month.slice(2)).join(' ')}`);
  out.push(`  ${t('rep.coverage')} ${spark(trend.map((x) => x.coverage), 0, 1)}  ${trend.map((x) => pct(x.coverage)).join(' ')}`);
  out.push(`  ${t('rep.satisfaction')} ${spark(trend.map((x) => x.satisfaction), 1, 5)}  ${trend.map((x) => num(x.satisfaction)).join(' ')}`);
  out.push('', c.dim(t('report.definitions')));
  return `${out.join('\n')}\n`;
}

/** Clerks down, weeks across, the target of each week on top (weeks cut by the period's edge or a holiday ask less). */
function renderWeekly(ctx: Context, rows: readonly WeeklyCalls[]): string {
  const { t } = ctx;
  const weeks = [...new Map(rows.map((w) => [w.week, w])).values()];
  const staff = [...new Set(rows.map((w) => w.staff))];
  const cell = new Map(rows.map((w) => [`${w.staff}\u001f${w.week}`, w]));
  return renderTable(
    [{ header: '' }, ...weeks.map((w) => ({ header: `${w.week.slice(5)} ${w.from.slice(5)}–${w.to.slice(5)}`, align: 'right' as const }))],
    [
      [t('report.target'), ...weeks.map((w) => String(w.target))],
      ...staff.map((name) => [
        name,
        ...weeks.map((w) => {
          const x = cell.get(`${name}\u001f${w.week}`) as WeeklyCalls;
          return x.met ? String(x.calls) : ctx.color.red(`✗ ${x.calls}`);
        }),
      ]),
    ],
  );
}
