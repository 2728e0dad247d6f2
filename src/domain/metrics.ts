// The supervisor's figures (SPEC §3.8): coverage, timeliness, reach, satisfaction, issues — pure, from the counts the store aggregates.
import { addDays, type IsoDate } from './dates.js';
import type { Policy } from './policy.js';

/**
 * What the store counts for one group of a period's tasks (SPEC §3.8), each as it stood on the as-of
 * day (the period's last day), so a closed period gives the same figures whenever it is run.
 */
export interface TaskCounts {
  /** Tasks due in the period. */
  due: number;
  /** Of those, cancelled by the as-of day: apart, neither planned nor done. */
  cancelled: number;
  /** Done by the as-of day. */
  done: number;
  /** Done by the as-of day and by the task's deadline. */
  on_time: number;
  /** Days past the deadline, summed over the done ones (0 for those on time). */
  late_days: number;
  /** Customers with a task due that was not cancelled by the as-of day. */
  customers_due: number;
  /** Customers with a task done by the as-of day. */
  customers_reached: number;
}

/** The period's call records of one group, corrections replacing what they correct. */
export interface VisitCounts {
  attempts: number;
  reached: number;
  /** Reached calls by score. */
  scores: Record<'1' | '2' | '3' | '4' | '5', number>;
  /** Calls that recorded a need or an opportunity. */
  needs: number;
  /** Reached calls followed by an order or sale within the policy's conversion days and by the as-of day. */
  converted: number;
}

/** The period's issues of one group, by when they were raised. */
export interface IssueCounts {
  raised: number;
  /** Responded to by the respond-by time and by the end of the as-of day. */
  responded_in_sla: number;
  resolved_in_sla: number;
  /** Not confirmed by the end of the as-of day, by age in days since raised on the as-of day. */
  open_by_age: { '0-3': number; '4-7': number; '8-30': number; '30+': number };
}

export interface GroupCounts {
  tasks: TaskCounts;
  visits: VisitCounts;
  issues: IssueCounts;
}

/** The first day raised of each open-issue age bucket, youngest first: an issue raised on or after `since` is at most that old on `asOf`. */
export function openAgeStarts(asOf: IsoDate): { '0-3': IsoDate; '4-7': IsoDate; '8-30': IsoDate } {
  return { '0-3': addDays(asOf, -3), '4-7': addDays(asOf, -7), '8-30': addDays(asOf, -30) };
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

/** n ÷ d to four decimals, the precision of every rate in the report; null when there is nothing to divide by. */
export const rate = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);
const round2 = (n: number) => Math.round(n * 100) / 100;

/** The share of the issues raised that were responded to / resolved within their SLA (null when none were raised). */
export function slaShares(f: Figures): { responded: number | null; resolved: number | null } {
  return { responded: rate(f.issues.responded_in_sla, f.issues.raised), resolved: rate(f.issues.resolved_in_sla, f.issues.raised) };
}

/** Coverage 覆盖率: tasks done by the period's last day ÷ tasks due, cancelled ones apart. The report and its trend both use it. */
export function coverage(t: TaskCounts): number | null {
  return rate(t.done, t.due - t.cancelled);
}

/** Mean score of reached calls (满意度), to two decimals. */
export function satisfactionMean(v: VisitCounts): number | null {
  const n = Object.values(v.scores).reduce((a, b) => a + b, 0);
  const sum = Object.entries(v.scores).reduce((a, [score, k]) => a + Number(score) * k, 0);
  return n ? round2(sum / n) : null;
}

/** Issues still open on the as-of day, whatever their age. */
export function openIssues(i: IssueCounts): number {
  const age = i.open_by_age;
  return age['0-3'] + age['4-7'] + age['8-30'] + age['30+'];
}

/** The figures of one group from its counts. */
export function figures(c: GroupCounts): Figures {
  const { tasks: t, visits: v, issues: i } = c;
  const scored = Object.values(v.scores).reduce((a, b) => a + b, 0);
  return {
    planned: t.due - t.cancelled,
    done: t.done,
    cancelled: t.cancelled,
    coverage: coverage(t),
    customers_due: t.customers_due,
    customers_reached: t.customers_reached,
    customer_coverage: rate(t.customers_reached, t.customers_due),
    on_time: t.on_time,
    on_time_rate: rate(t.on_time, t.done),
    avg_days_late: t.done ? round2(t.late_days / t.done) : null,
    attempts: v.attempts,
    reached: v.reached,
    reach_rate: rate(v.reached, v.attempts),
    satisfaction: { mean: satisfactionMean(v), n: scored, distribution: { ...v.scores }, csat: rate(v.scores['4'] + v.scores['5'], scored) },
    issues: {
      raised: i.raised,
      responded_in_sla: i.responded_in_sla,
      resolved_in_sla: i.resolved_in_sla,
      open: openIssues(i),
      open_by_age: { ...i.open_by_age },
    },
    needs: v.needs,
    conversion: rate(v.converted, v.reached),
  };
}

/** Nothing counted: a group that has calls but no tasks, or issues but no calls, gets zeros for the rest. */
export function emptyCounts(): GroupCounts {
  return {
    tasks: { due: 0, cancelled: 0, done: 0, on_time: 0, late_days: 0, customers_due: 0, customers_reached: 0 },
    visits: { attempts: 0, reached: 0, scores: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 }, needs: 0, converted: 0 },
    issues: { raised: 0, responded_in_sla: 0, resolved_in_sla: 0, open_by_age: { '0-3': 0, '4-7': 0, '8-30': 0, '30+': 0 } },
  };
}

export type ScorecardWeights = Policy['report']['scorecard'];

/**
 * The staff scorecard [002 §21]: completion, issue resolution and satisfaction, weighed by the policy
 * (default 40/30/30) → 0–100. A part with nothing to measure is left out and the others are weighed up
 * to the whole.
 */
export function scorecard(f: Figures, w: ScorecardWeights): number | null {
  const parts: [number, number | null][] = [
    [w.completion, f.coverage],
    [w.resolution, f.issues.raised ? f.issues.resolved_in_sla / f.issues.raised : null],
    [w.satisfaction, f.satisfaction.mean === null ? null : f.satisfaction.mean / 5],
  ];
  const known = parts.filter((x): x is [number, number] => x[1] !== null);
  const weight = known.reduce((s, [k]) => s + k, 0);
  if (weight === 0) return null;
  return Math.round((known.reduce((s, [k, v]) => s + k * v, 0) / weight) * 1000) / 10;
}

/** Every figure of `now` as a change from `before` (now − before), the same shape; null where either is unknown. */
export type Change<T> = { [K in keyof T]: T[K] extends number | null ? number | null : Change<T[K]> };

/**
 * `--compare` (issue 13): the change of each figure against the previous period. Rates change in
 * fractions like the rates themselves (0.05 is five points), rounded as the rates are, so no
 * floating-point dust shows.
 */
export function changeOf<T extends object>(now: T, before: T): Change<T> {
  return Object.fromEntries(
    Object.entries(now).map(([k, v]) => {
      const b = (before as Record<string, unknown>)[k];
      if (v !== null && typeof v === 'object') return [k, changeOf(v as object, b as object)];
      return [k, typeof v === 'number' && typeof b === 'number' ? Math.round((v - b) * 10_000) / 10_000 : null];
    }),
  ) as Change<T>;
}
