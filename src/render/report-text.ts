// The report in the terminal (SPEC §3.8): figures against targets, low scores, groups, weekly calls, the trend as bar charts.
import type { ReportDoc, Target, TrendPoint } from '../app/build-report.js';
import type { Context } from '../cli/context.js';
import type { GroupBy } from '../store/report-aggregates.js';
import type { Policy } from '../domain/policy.js';
import type { WeeklyCalls } from '../domain/weekly-quota.js';
import type { MessageKey } from '../i18n/index.js';
import { num, pct, signed } from './report-values.js';
import { renderTable } from './table.js';

/** A group's key as the reader sees it: channels are words of the user's language, staff and tiers are data. */
export const keyLabel = (ctx: Context, by: GroupBy, key: string) => (by === 'channel' ? ctx.t(`channel.${key}` as MessageKey) : key);

const camel = (s: string) => s.replace(/_([a-z])/g, (_, x: string) => x.toUpperCase());
const isRate = (x: Target) => x.name !== 'satisfaction';
const wholePercent = (v: number) => `${Math.round(v * 100)}%`;

export function renderReport(ctx: Context, doc: ReportDoc, policy: Policy, trend: readonly TrendPoint[]): string {
  const { t } = ctx;
  const c = ctx.color;
  const out: string[] = [c.bold(t('report.title', { from: doc.period.from, to: doc.period.to, asOf: doc.as_of }))];
  const met = (x: Target) => (x.met === null ? c.dim(t('report.na')) : x.met ? c.green(`✓ ${t('report.met')}`) : c.red(`✗ ${t('report.missed')}`));
  const shown = (x: Target, v: number | null | undefined) => (isRate(x) ? pct(v ?? null) : num(v ?? null));
  const compared = doc.compare !== undefined;
  out.push(
    renderTable(
      [
        { header: t('report.figure') },
        { header: t('report.value'), align: 'right' },
        ...(compared ? [{ header: t('report.previous'), align: 'right' as const }, { header: t('report.change'), align: 'right' as const }] : []),
        { header: t('report.target'), align: 'right' },
        { header: '' },
      ],
      doc.targets.map((x) => [
        t(`rep.${camel(x.name)}` as MessageKey),
        shown(x, x.value),
        ...(compared ? [shown(x, x.previous), signed(x.change ?? null, isRate(x))] : []),
        isRate(x) ? `≥ ${pct(x.target)}` : `≥ ${x.target}`,
        met(x),
      ]),
    ),
  );
  if (doc.compare) out.push(c.dim(t('report.compared', { ...doc.compare.period })));
  const o = doc.overall;
  out.push(t('report.headline', { planned: o.planned, done: o.done, cancelled: o.cancelled, reach: pct(o.reach_rate), n: o.satisfaction.n, raised: o.issues.raised, open: o.issues.open }));
  const age = o.issues.open_by_age;
  out.push(`${t('rep.openByAge')} ${t('rep.openAges', { a: age['0-3'], b: age['4-7'], c: age['8-30'], d: age['30+'] })}`);
  out.push(`${t('rep.audited')} ${doc.audit.audited} · ${t('rep.mismatchRate')} ${pct(doc.audit.mismatch_rate)}`);
  if (doc.low_scores_total) {
    out.push('', c.bold(t('rep.lowScores', { n: doc.low_scores_total })));
    if (doc.low_scores.length) {
      out.push(
        renderTable(
          [{ header: t('col.date') }, { header: t('col.customer') }, { header: t('rep.staff') }, { header: t('rep.satisfaction'), align: 'right' }, { header: t('rep.feedback') }],
          doc.low_scores.map((v) => [v.at, `${v.code} ${v.name}`, v.staff ?? '', c.red(String(v.score)), v.feedback ?? '']),
        ),
      );
    }
    const more = doc.low_scores_total - doc.low_scores.length;
    if (more > 0) out.push(t('report.lowScoresMore', { more, total: doc.low_scores_total }));
  }
  const below = policy.report.completion_flag_below;
  out.push('', c.bold(t(`report.by.${doc.by}` as MessageKey)));
  out.push(
    renderTable(
      [{ header: '' }, { header: t('rep.planned'), align: 'right' }, { header: t('rep.coverage'), align: 'right' }, { header: t('rep.onTimeRate'), align: 'right' }, { header: t('rep.reachRate'), align: 'right' }, { header: t('rep.satisfaction'), align: 'right' }, { header: t('rep.issuesRaised'), align: 'right' }, { header: t('rep.score'), align: 'right' }, { header: '' }],
      doc.rows.map((r) => [
        keyLabel(ctx, doc.by, r.key), String(r.planned), pct(r.coverage), pct(r.on_time_rate), pct(r.reach_rate), num(r.satisfaction.mean), String(r.issues.raised), num(r.score),
        doc.by === 'staff' && r.coverage !== null && r.coverage < below
          ? c.red(t('report.flagLow', { below: wholePercent(below) }))
          : doc.by === 'staff' && r.coverage === 1 && r.satisfaction.mean === 5 ? c.green(t('report.flagStar')) : '',
      ]),
    ),
  );
  if (doc.weekly_calls.length) out.push('', c.bold(t('report.weekly', { target: doc.weekly_target })), renderWeekly(ctx, doc.weekly_calls));
  out.push('', c.bold(t('report.trend', { n: trend.length })));
  const targetOf = (name: Target['name']) => doc.targets.find((x) => x.name === name)?.target ?? 0;
  out.push(trendChart(t('report.trendOf', { figure: t('rep.coverage'), target: `≥ ${pct(targetOf('coverage'))}` }), trend.map((x) => [x.month, x.coverage]), targetOf('coverage'), pct));
  out.push(trendChart(t('report.trendOf', { figure: t('rep.satisfaction'), target: `≥ ${targetOf('satisfaction')}` }), trend.map((x) => [x.month, x.satisfaction]), targetOf('satisfaction'), num));
  const w = policy.report.scorecard;
  const share = (k: number) => Math.round((k / (w.completion + w.resolution + w.satisfaction)) * 100);
  out.push('', c.dim(t('report.definitions', { days: policy.report.conversion_days, completion: share(w.completion), resolution: share(w.resolution), satisfaction: share(w.satisfaction) })));
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

const EIGHTHS = ' ▁▂▃▄▅▆▇█';
const ROWS = 4;
/** Each month takes 7 columns (a 5-wide bar, its 'YY-MM' under it, the value under that): ten months and the axis fit in 80. */
const COLUMN = 7;
const AXIS = 8;

/**
 * One figure's trend as vertical bars, a month under each bar and its value under the month. The scale
 * runs from a little below the lowest of the values and the target (a quarter of their range, rounded
 * down to a hundredth) to the highest of them, so a drop from 95% to 84% is plain to see. The target is
 * a dotted line of its own between the rows of bars, labelled on the axis; a bar that reaches it crosses it.
 */
export function trendChart(title: string, points: readonly (readonly [string, number | null])[], target: number, format: (v: number | null) => string): string {
  const values = points.map(([, v]) => v).filter((v): v is number => v !== null);
  const top = Math.max(target, ...values);
  const bottom = Math.min(target, ...values);
  const span = top - bottom || Math.abs(top) / 10 || 1;
  // Down to a round hundredth, so the axis reads 80.0% or 1.3 rather than 80.5% or 1.2999…
  const lo = Math.max(0, Math.floor((bottom - span / ROWS) * 100) / 100);
  const hi = top;
  const eighths = (v: number) => Math.max(1, Math.round(((v - lo) / (hi - lo)) * ROWS * 8));
  /** How many rows of bars lie above the target line. */
  const targetAt = ROWS - Math.round(((target - lo) / (hi - lo)) * ROWS);
  const axis = (label: string) => (label ? `${label.padStart(AXIS - 2)} ┤` : `${' '.repeat(AXIS - 1)}│`);
  const targetLine = `${axis(format(target))}${points.map(([, v]) => (v !== null && v >= target ? '┄█████┄' : '┄'.repeat(COLUMN))).join('')}`;
  const lines = [`  ${title}`];
  for (let row = 0; row < ROWS; row++) {
    if (row === targetAt) lines.push(targetLine);
    const label = row === 0 && targetAt > 0 ? format(hi) : row === ROWS - 1 ? format(lo) : '';
    const cells = points.map(([, v]) => {
      const fill = v === null ? 0 : Math.min(8, Math.max(0, eighths(v) - (ROWS - 1 - row) * 8));
      return ` ${(EIGHTHS[fill] as string).repeat(5)} `;
    });
    lines.push(`${axis(label)}${cells.join('')}`.trimEnd());
  }
  if (targetAt >= ROWS) lines.push(targetLine);
  lines.push(`${' '.repeat(AXIS)}${points.map(([m]) => ` ${m.slice(2)} `).join('')}`.trimEnd());
  lines.push(`${' '.repeat(AXIS)}${points.map(([, v]) => format(v).padStart(COLUMN - 1).padEnd(COLUMN)).join('')}`.trimEnd());
  return lines.join('\n');
}
