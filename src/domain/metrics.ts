// The supervisor's figures (SPEC §3.8): coverage, timeliness, reach, satisfaction, issues — pure, from rows.
import { daysBetween, type IsoDate } from './dates.js';

export interface Period {
  from: IsoDate;
  to: IsoDate;
}

/** A task due in the period, as the store has it now; only what happened by `to` counts. */
export interface ReportTask {
  id: number;
  customer_id: number;
  key: string;
  due_on: IsoDate;
  deadline: IsoDate;
  status: string;
  closed_on: IsoDate | null;
}

export interface ReportVisit {
  id: number;
  customer_id: number;
  key: string;
  at: string;
  reached: boolean;
  score: number | null;
  has_needs: boolean;
  /** An order or sale followed within 90 days, and by the end of the period. */
  converted: boolean;
}

export interface ReportIssue {
  id: number;
  key: string;
  raised_at: string;
  respond_by: string;
  resolve_by: string;
  responded_at: string | null;
  resolved_at: string | null;
  confirmed_at: string | null;
}

export interface Figures {
  planned: number;
  done: number;
  cancelled: number;
  coverage: number | null;
  customers_due: number;
  customers_reached: number;
  customer_coverage: number | null;
  on_time: number;
  on_time_rate: number | null;
  avg_days_late: number | null;
  attempts: number;
  reached: number;
  reach_rate: number | null;
  satisfaction: { mean: number | null; n: number; distribution: Record<'1' | '2' | '3' | '4' | '5', number>; csat: number | null };
  issues: {
    raised: number;
    responded_in_sla: number;
    resolved_in_sla: number;
    open: number;
    /** Still open on the last day, by age in days since raised: ≤ 3, 4–7, 8–30, > 30. */
    open_by_age: { '0-3': number; '4-7': number; '8-30': number; '30+': number };
  };
  needs: number;
  conversion: number | null;
}

const rate = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);
const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Everything is judged as of the period's last day (`to`), so a closed period gives the same
 * figures whenever it is run: a task done or cancelled after it counts as it stood then.
 */
export function figures(tasks: readonly ReportTask[], visits: readonly ReportVisit[], issues: readonly ReportIssue[], p: Period): Figures {
  const end = `${p.to} 23:59`;
  const closedBy = (t: ReportTask) => t.closed_on !== null && t.closed_on <= p.to;
  const cancelled = tasks.filter((t) => t.status === 'cancelled' && closedBy(t));
  const planned = tasks.filter((t) => !(t.status === 'cancelled' && closedBy(t)));
  const done = planned.filter((t) => t.status === 'done' && closedBy(t));
  const onTime = done.filter((t) => (t.closed_on as IsoDate) <= t.deadline);
  const late = done.map((t) => Math.max(0, daysBetween(t.deadline, t.closed_on as IsoDate)));
  const dueCustomers = new Set(planned.map((t) => t.customer_id));
  const reachedCustomers = new Set(done.map((t) => t.customer_id));

  const reachedVisits = visits.filter((v) => v.reached);
  const scored = reachedVisits.filter((v) => v.score !== null);
  const distribution = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  for (const v of scored) distribution[String(v.score) as keyof typeof distribution]++;
  const sum = scored.reduce((s, v) => s + (v.score as number), 0);

  const openIssues = issues.filter((i) => i.confirmed_at === null || i.confirmed_at > end);
  return {
    planned: planned.length,
    done: done.length,
    cancelled: cancelled.length,
    coverage: rate(done.length, planned.length),
    customers_due: dueCustomers.size,
    customers_reached: reachedCustomers.size,
    customer_coverage: rate(reachedCustomers.size, dueCustomers.size),
    on_time: onTime.length,
    on_time_rate: rate(onTime.length, done.length),
    avg_days_late: late.length ? round2(late.reduce((a, b) => a + b, 0) / late.length) : null,
    attempts: visits.length,
    reached: reachedVisits.length,
    reach_rate: rate(reachedVisits.length, visits.length),
    satisfaction: {
      mean: scored.length ? round2(sum / scored.length) : null,
      n: scored.length,
      distribution,
      csat: rate(distribution['4'] + distribution['5'], scored.length),
    },
    issues: {
      raised: issues.length,
      responded_in_sla: issues.filter((i) => i.responded_at !== null && i.responded_at <= end && i.responded_at <= i.respond_by).length,
      resolved_in_sla: issues.filter((i) => i.resolved_at !== null && i.resolved_at <= end && i.resolved_at <= i.resolve_by).length,
      open: openIssues.length,
      open_by_age: ageBuckets(openIssues.map((i) => daysBetween(i.raised_at.slice(0, 10), p.to))),
    },
    needs: visits.filter((v) => v.has_needs).length,
    conversion: rate(reachedVisits.filter((v) => v.converted).length, reachedVisits.length),
  };
}

function ageBuckets(ages: number[]): Figures['issues']['open_by_age'] {
  const b = { '0-3': 0, '4-7': 0, '8-30': 0, '30+': 0 };
  for (const a of ages) b[a <= 3 ? '0-3' : a <= 7 ? '4-7' : a <= 30 ? '8-30' : '30+']++;
  return b;
}

/** Figures per group key (staff, tier or channel), in key order. */
export function figuresBy(tasks: readonly ReportTask[], visits: readonly ReportVisit[], issues: readonly ReportIssue[], p: Period): { key: string; figures: Figures }[] {
  const keys = [...new Set([...tasks.map((t) => t.key), ...visits.map((v) => v.key), ...issues.map((i) => i.key)])].sort();
  return keys.map((key) => ({
    key,
    figures: figures(
      tasks.filter((t) => t.key === key),
      visits.filter((v) => v.key === key),
      issues.filter((i) => i.key === key),
      p,
    ),
  }));
}

/**
 * The staff scorecard [002 §21]: completion 40%, issue resolution 30%, satisfaction 30% → 0–100.
 * A part with nothing to measure is left out and the others are weighed up to the whole.
 */
export function scorecard(f: Figures): number | null {
  const parts: [number, number | null][] = [
    [0.4, f.coverage],
    [0.3, f.issues.raised ? f.issues.resolved_in_sla / f.issues.raised : null],
    [0.3, f.satisfaction.mean === null ? null : f.satisfaction.mean / 5],
  ];
  const known = parts.filter((x): x is [number, number] => x[1] !== null);
  const weight = known.reduce((s, [w]) => s + w, 0);
  if (weight === 0) return null;
  return Math.round((known.reduce((s, [w, v]) => s + w * v, 0) / weight) * 1000) / 10;
}
