// What the report page shows beyond `report --json`: issues by category and level, problems month by month and the needs recorded (002 §18), counted by the report's own rules.
import { openIssues, type Figures } from '../domain/metrics.js';
import type { Db } from './db.js';
import { CURRENT_VISIT, NEEDS_RECORDED, issueCountsByKind, timesOf } from './report-aggregates.js';
import { sql } from './sql.js';

/** Days from `from` to `to`, both included ('YYYY-MM-DD'). */
export interface Span {
  from: string;
  to: string;
}

/** The period's issues of one category and level, and how they stood against their SLA clocks at its end: the report's issue figures but their ages. */
export type IssueCell = { category: string; level: string } & Omit<Figures['issues'], 'open_by_age'>;

/** The report's issue counts (report-aggregates), by category and level. */
export function issueCells(db: Db, p: Span): IssueCell[] {
  return issueCountsByKind(db, p).map(({ category, level, counts: c }) => ({
    category,
    level,
    raised: c.raised,
    responded_in_sla: c.responded_in_sla,
    resolved_in_sla: c.resolved_in_sla,
    open: openIssues(c),
  }));
}

/** Issues raised per month and category: the most frequent problems, month against month. */
export function problemsByMonth(db: Db, p: Span): { month: string; category: string; issues: number }[] {
  const { fromAt, toAt } = timesOf(p);
  return db.all<{ month: string; category: string; issues: number }>(
    sql`SELECT substr(i.raised_at, 1, 7) AS month, i.category, count(*) AS issues
       FROM issue i WHERE i.raised_at BETWEEN ${fromAt} AND ${toAt}
       GROUP BY substr(i.raised_at, 1, 7), i.category ORDER BY 1, 2`,
  );
}

/** The needs recorded in the period, newest first: what the customers asked for, in their words. */
export function needsRecorded(db: Db, p: Span): { at: string; code: string; name: string; staff: string | null; needs: string }[] {
  const { fromAt, toAt } = timesOf(p);
  return db.all<{ at: string; code: string; name: string; staff: string | null; needs: string }>(
    sql`SELECT v.at, c.code, c.name, v.staff, v.needs FROM visit v JOIN customer c ON c.id = v.customer_id
       WHERE ${NEEDS_RECORDED} AND v.at BETWEEN ${fromAt} AND ${toAt} AND ${CURRENT_VISIT}
       ORDER BY v.at DESC, v.id DESC`,
  );
}
