// The monthly report as one plain document (SPEC §3.8): figures per group, targets, audit, low scores, weekly quota, the trend and the comparison.
import type { IsoDate } from '../domain/dates.js';
import { changeOf, figures, rate, scorecard, slaShares, type Change, type Figures, type GroupCounts } from '../domain/metrics.js';
import type { Policy } from '../domain/policy.js';
import { previousPeriod, trendMonths, type Period } from '../domain/period.js';
import { quotaWeeks, weeklyCalls, type WeeklyCalls } from '../domain/weekly-quota.js';
import type { Db } from '../store/db.js';
import { loadCalendar } from '../store/plan-store.js';
import { loadPolicy } from '../store/policy-store.js';
import {
  auditResults,
  detailRows,
  lowScoreCalls,
  periodCounts,
  reportCounts,
  quotaFacts,
  type DetailRow,
  type GroupBy,
  type LowScoreCall,
} from '../store/report-aggregates.js';

export type { GroupBy } from '../store/report-aggregates.js';

export interface ReportRequest {
  period: Period;
  by: GroupBy;
  asOf: IsoDate;
  /** Set the figures against the previous period (`--compare`). */
  compare: boolean;
  /** The months of the trend: only the terminal report draws it. */
  trend: boolean;
}

export type Scored = Figures & { score: number | null };

/** One figure against its policy target; with `--compare`, also its value in the previous period and the change. */
export interface Target {
  name: 'coverage' | 'on_time_rate' | 'satisfaction' | 'responded_in_sla' | 'resolved_in_sla' | 'conversion';
  value: number | null;
  target: number;
  met: boolean | null;
  previous?: number | null;
  change?: number | null;
}

export interface TrendPoint {
  month: string;
  coverage: number | null;
  satisfaction: number | null;
}

/** The document `report --json` prints (INTERFACE.md; fields are only ever added). */
export interface ReportDoc {
  period: Period;
  as_of: IsoDate;
  by: GroupBy;
  overall: Scored;
  rows: (Scored & { key: string })[];
  targets: Target[];
  audit: { audited: number; mismatches: number; mismatch_rate: number | null };
  /** The lowest scores first, at most the policy's `report.low_score_list`; `low_scores_total` counts them all. */
  low_scores: LowScoreCall[];
  low_scores_total: number;
  weekly_target: number;
  weekly_calls: WeeklyCalls[];
  /** With `--compare`: the previous period, its overall figures, and the change of each (this period − previous). */
  compare?: { period: Period; overall: Scored; change: Change<Scored> };
}

function targetsOf(f: Figures, policy: Policy): Target[] {
  const t = policy.targets;
  const mark = (name: Target['name'], value: number | null, target: number): Target => ({ name, value, target, met: value === null ? null : value >= target });
  const sla = slaShares(f);
  return [
    mark('coverage', f.coverage, t.coverage),
    mark('on_time_rate', f.on_time_rate, t.on_time),
    mark('satisfaction', f.satisfaction.mean, t.satisfaction),
    mark('responded_in_sla', sla.responded, t.response_in_sla),
    mark('resolved_in_sla', sla.resolved, t.resolution_in_sla),
    mark('conversion', f.conversion, t.conversion),
  ];
}

/** The figures of some counts with the staff scorecard's score. */
function scored(c: GroupCounts, policy: Policy): Scored {
  const f = figures(c);
  return { ...f, score: scorecard(f, policy.report.scorecard) };
}

export function buildReport(db: Db, req: ReportRequest): { doc: ReportDoc; policy: Policy; trend?: TrendPoint[] } {
  const policy = loadPolicy(db);
  const { period } = req;
  const counts = reportCounts(db, period, req.by, policy.report.conversion_days);
  const overall = scored(counts.overall, policy);
  const rows = [...counts.groups].map(([key, c]) => ({ key, ...scored(c, policy) }));
  const calendar = loadCalendar(db);
  const weeks = quotaWeeks(period, policy.targets.weekly_calls_per_clerk, (d) => calendar.isWorkday(d));
  const quota = quotaFacts(db, period, counts.calls);
  const audits = auditResults(db, period);
  const lowMax = policy.low_score.max_score;
  const doc: ReportDoc = {
    period,
    as_of: req.asOf,
    by: req.by,
    overall,
    rows,
    targets: targetsOf(overall, policy),
    audit: {
      audited: audits.confirmed + audits.mismatch + audits.unreachable,
      mismatches: audits.mismatch,
      // Unreachable proves nothing either way.
      mismatch_rate: rate(audits.mismatch, audits.confirmed + audits.mismatch),
    },
    low_scores: lowScoreCalls(db, period, lowMax, policy.report.low_score_list),
    low_scores_total: Object.entries(overall.satisfaction.distribution).reduce((n, [s, k]) => (Number(s) <= lowMax ? n + k : n), 0),
    weekly_target: policy.targets.weekly_calls_per_clerk,
    weekly_calls: weeklyCalls(quota.clerks, quota.calls, weeks),
  };
  if (req.compare) {
    const before = previousPeriod(period);
    const previous = scored(periodCounts(db, before, policy.report.conversion_days), policy);
    const earlier = targetsOf(previous, policy);
    doc.targets = doc.targets.map((x, i) => {
      const was = earlier[i]?.value ?? null;
      return { ...x, previous: was, change: changeOf({ v: x.value }, { v: was }).v };
    });
    doc.compare = { period: before, overall: previous, change: changeOf(overall, previous) };
  }
  if (!req.trend) return { doc, policy };
  const trend = monthlyFigures(db, period, policy.report.trend_months).map(({ month, figures: f }) => ({ month, coverage: f.coverage, satisfaction: f.satisfaction.mean }));
  return { doc, policy, trend };
}

/**
 * The figures of the `count` months up to the period's (its month last), each as of its own last day,
 * as its own report has them, by the same counts: the terminal report's trend and the page's. No
 * conversion (no trend shows it).
 */
export function monthlyFigures(db: Db, period: Period, count: number): { month: string; figures: Figures }[] {
  return trendMonths(period, count).map((m) => ({ month: m.key, figures: figures(periodCounts(db, m, null)) }));
}

/** `--csv --detail`: every visit record of the period. */
export function reportDetail(db: Db, period: Period): { policy: Policy; rows: DetailRow[] } {
  return { policy: loadPolicy(db), rows: detailRows(db, period) };
}
