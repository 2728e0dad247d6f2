// What the report page shows beyond `report --json`: the 12-month trend, issues by category and level, and problems and needs month by month (002 §18), each one grouped query.
import type { Db } from './db.js';

/** Days from `from` to `to`, both included ('YYYY-MM-DD'). */
export interface Span {
  from: string;
  to: string;
}

/** Visits that a later correction superseded do not count, as in the report's own figures. */
const CURRENT_VISIT = 'NOT EXISTS (SELECT 1 FROM visit n WHERE n.supersedes = v.id)';
/** Portable (SQLite and PostgreSQL) count of the rows where a condition holds. */
const countIf = (condition: string) => `sum(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
const startAt = (day: string) => `${day} 00:00`;
const endAt = (day: string) => `${day} 23:59`;

/** One month of the trend, counted as of that month's own last day (as its own report counts it). */
export interface MonthCounts {
  month: string;
  /** Tasks due in the month, not cancelled by its end. */
  planned: number;
  /** Of those, done by the month's end. */
  done: number;
  /** Of the done ones, done by their deadline. */
  on_time: number;
  /** Reached calls with a score, and the sum of their scores. */
  scored: number;
  score_sum: number;
}

/**
 * The tasks and scores of each month from `from` (a first day) to `to` (a last day). "By the month's
 * end" compares months as text: a date is on or before the last day of the month it is in or after.
 */
export function monthCounts(db: Db, p: Span): MonthCounts[] {
  const byMonth = new Map<string, MonthCounts>();
  const row = (month: string) => {
    let m = byMonth.get(month);
    if (!m) byMonth.set(month, (m = { month, planned: 0, done: 0, on_time: 0, scored: 0, score_sum: 0 }));
    return m;
  };
  const closedInMonth = 't.closed_on IS NOT NULL AND substr(t.closed_on, 1, 7) <= substr(t.due_on, 1, 7)';
  const tasks = db
    .prepare(
      `SELECT substr(t.due_on, 1, 7) AS month,
              ${countIf(`NOT (t.status = 'cancelled' AND ${closedInMonth})`)} AS planned,
              ${countIf(`t.status = 'done' AND ${closedInMonth}`)} AS done,
              ${countIf(`t.status = 'done' AND ${closedInMonth} AND t.closed_on <= t.deadline`)} AS on_time
       FROM task t WHERE t.due_on BETWEEN @from AND @to GROUP BY substr(t.due_on, 1, 7)`,
    )
    .all({ from: p.from, to: p.to }) as { month: string; planned: number; done: number; on_time: number }[];
  for (const t of tasks) Object.assign(row(t.month), { planned: t.planned, done: t.done, on_time: t.on_time });
  const scores = db
    .prepare(
      `SELECT substr(v.at, 1, 7) AS month, count(*) AS scored, sum(v.score) AS score_sum
       FROM visit v WHERE v.outcome = 'reached' AND v.score IS NOT NULL AND v.at BETWEEN @fromAt AND @toAt AND ${CURRENT_VISIT}
       GROUP BY substr(v.at, 1, 7)`,
    )
    .all({ fromAt: startAt(p.from), toAt: endAt(p.to) }) as { month: string; scored: number; score_sum: number }[];
  for (const s of scores) Object.assign(row(s.month), { scored: s.scored, score_sum: s.score_sum });
  return [...byMonth.values()];
}

/** The period's issues of one category and level, and how they stood against their SLA clocks at its end. */
export interface IssueCell {
  category: string;
  level: string;
  raised: number;
  responded_in_sla: number;
  resolved_in_sla: number;
  open: number;
}

/** Same definitions as the report's issue figures: met by the deadline and by the end of the period's last day. */
export function issueCells(db: Db, p: Span): IssueCell[] {
  return db
    .prepare(
      `SELECT i.category, i.level, count(*) AS raised,
              ${countIf('i.responded_at IS NOT NULL AND i.responded_at <= @end AND i.responded_at <= i.respond_by')} AS responded_in_sla,
              ${countIf('i.resolved_at IS NOT NULL AND i.resolved_at <= @end AND i.resolved_at <= i.resolve_by')} AS resolved_in_sla,
              ${countIf('i.confirmed_at IS NULL OR i.confirmed_at > @end')} AS open
       FROM issue i WHERE i.raised_at BETWEEN @fromAt AND @end
       GROUP BY i.category, i.level ORDER BY i.category, i.level`,
    )
    .all({ fromAt: startAt(p.from), end: endAt(p.to) }) as IssueCell[];
}

/** Issues raised per month and category: the most frequent problems, month against month. */
export function problemsByMonth(db: Db, p: Span): { month: string; category: string; issues: number }[] {
  return db
    .prepare(
      `SELECT substr(i.raised_at, 1, 7) AS month, i.category, count(*) AS issues
       FROM issue i WHERE i.raised_at BETWEEN @fromAt AND @toAt
       GROUP BY substr(i.raised_at, 1, 7), i.category ORDER BY 1, 2`,
    )
    .all({ fromAt: startAt(p.from), toAt: endAt(p.to) }) as { month: string; category: string; issues: number }[];
}

/** Calls that recorded a need or an opportunity, per month (corrections replace what they correct). */
export function needsByMonth(db: Db, p: Span): { month: string; calls: number }[] {
  return db
    .prepare(
      `SELECT substr(v.at, 1, 7) AS month, count(*) AS calls
       FROM visit v WHERE v.needs IS NOT NULL AND v.needs <> '' AND v.at BETWEEN @fromAt AND @toAt AND ${CURRENT_VISIT}
       GROUP BY substr(v.at, 1, 7) ORDER BY 1`,
    )
    .all({ fromAt: startAt(p.from), toAt: endAt(p.to) }) as { month: string; calls: number }[];
}

/** The needs recorded in the period, newest first: what the customers asked for, in their words. */
export function needsRecorded(db: Db, p: Span): { at: string; code: string; name: string; staff: string | null; needs: string }[] {
  return db
    .prepare(
      `SELECT v.at, c.code, c.name, v.staff, v.needs FROM visit v JOIN customer c ON c.id = v.customer_id
       WHERE v.needs IS NOT NULL AND v.needs <> '' AND v.at BETWEEN @fromAt AND @toAt AND ${CURRENT_VISIT}
       ORDER BY v.at DESC, v.id DESC`,
    )
    .all({ fromAt: startAt(p.from), toAt: endAt(p.to) }) as { at: string; code: string; name: string; staff: string | null; needs: string }[];
}
