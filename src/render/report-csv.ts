// The report's CSV files (SPEC §3.8): the figures with their targets, each clerk's weekly calls, and the visit records.
import type { ReportDoc, Scored, Target } from '../app/build-report.js';
import type { Context } from '../cli/context.js';
import { slaShares, type Change } from '../domain/metrics.js';
import type { Period } from '../domain/period.js';
import { purposeText, type Policy } from '../domain/policy.js';
import type { MessageKey } from '../i18n/index.js';
import { FormattedNumber, type CsvCell } from '../io/csv-writer.js';
import type { DetailRow } from '../store/report-aggregates.js';
import { issueText, type IssueWords } from './issue-text.js';
import { shownPhone } from './mask.js';
import { keyLabel } from './report-text.js';
import { pctCell, signed } from './report-values.js';

type Line = Scored | Change<Scored>;

/**
 * One row per group and a total; every rate a percentage Excel reads as a number, and each figure with
 * a target followed by the target and whether the row met it. With `--compare`, the previous period's
 * total (with its own dates) and the change follow.
 */
export function summaryCsv(ctx: Context, doc: ReportDoc): CsvCell[][] {
  const { t } = ctx;
  const target = new Map(doc.targets.map((x) => [x.name, x]));
  const judged = (header: MessageKey) => [t(header), t('rep.targetOf', { figure: t(header) }), t('rep.metOf', { figure: t(header) })];
  const header = [
    t('col.periodFrom'), t('col.periodTo'), t('col.asOf'), t(`report.by.${doc.by}` as MessageKey), t('rep.planned'), t('rep.done'), t('rep.cancelled'),
    ...judged('rep.coverage'), t('rep.customerCoverage'), ...judged('rep.onTimeRate'), t('rep.avgDaysLate'), t('rep.reachRate'),
    ...judged('rep.satisfaction'), t('rep.scored'), t('rep.csat'), t('rep.issuesRaised'),
    t('rep.respondedInSla'), ...judged('rep.respondedInSlaRate'), t('rep.resolvedInSla'), ...judged('rep.resolvedInSlaRate'),
    t('rep.issuesOpen'), t('rep.needs'), ...judged('rep.conversion'), t('rep.score'),
  ];
  /** A figure, its target and met/missed; the change row has no target to meet. */
  const judge = (name: Target['name'], value: number | null, asRate: boolean, change: boolean): CsvCell[] => {
    const x = target.get(name) as Target;
    const shown = (v: number) => (asRate ? pctCell(v) : v);
    if (change) return [value === null ? null : asRate ? new FormattedNumber(`${signed(value, true)}%`) : value, null, null];
    return [value === null ? null : shown(value), shown(x.target), value === null ? null : t(value >= x.target ? 'report.met' : 'report.missed')];
  };
  const line = (p: Period, key: string, f: Line, change = false): CsvCell[] => {
    const rate = (v: number | null) => (v === null ? null : change ? new FormattedNumber(`${signed(v, true)}%`) : pctCell(v));
    const i = f.issues;
    // The change row's shares would be changes of shares: left empty rather than computed twice.
    const sla = change ? undefined : slaShares(f as Scored);
    return [
      p.from, p.to, doc.as_of, key, f.planned, f.done, f.cancelled,
      ...judge('coverage', f.coverage, true, change), rate(f.customer_coverage), ...judge('on_time_rate', f.on_time_rate, true, change), f.avg_days_late, rate(f.reach_rate),
      ...judge('satisfaction', f.satisfaction.mean, false, change), f.satisfaction.n, rate(f.satisfaction.csat), i.raised,
      i.responded_in_sla, ...judge('responded_in_sla', sla?.responded ?? null, true, change),
      i.resolved_in_sla, ...judge('resolved_in_sla', sla?.resolved ?? null, true, change),
      i.open, f.needs, ...judge('conversion', f.conversion, true, change), f.score,
    ];
  };
  const rows = [header, ...doc.rows.map((r) => line(doc.period, keyLabel(ctx, doc.by, r.key), r)), line(doc.period, t('report.total'), doc.overall)];
  if (doc.compare) {
    rows.push(line(doc.compare.period, t('report.previousTotal'), doc.compare.overall));
    rows.push(line(doc.period, t('report.change'), doc.compare.change, true));
  }
  return rows;
}

/** `--csv --weekly`: one row per clerk and week, as in `weekly_calls`. */
export function weeklyCsv(ctx: Context, doc: ReportDoc): CsvCell[][] {
  const { t } = ctx;
  return [
    [t('col.periodFrom'), t('col.periodTo'), t('col.asOf'), t('rep.staff'), t('rep.week'), t('rep.weekFrom'), t('rep.weekTo'), t('rep.calls'), t('report.target'), t('rep.quotaMet')],
    ...doc.weekly_calls.map((w) => [doc.period.from, doc.period.to, doc.as_of, w.staff, w.week, w.from, w.to, w.calls, w.target, t(w.met ? 'report.met' : 'report.missed')]),
  ];
}

/** `--csv --detail`: the period's visit records (回访记录明细), phones masked unless revealed. */
export function detailCsv(ctx: Context, policy: Policy, p: Period, rows: readonly DetailRow[], reveal: boolean): CsvCell[][] {
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
