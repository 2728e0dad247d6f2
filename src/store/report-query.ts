// The rows behind `huifang report`: tasks due, visits made and issues raised in a period, with a group key.
import { addDays } from '../domain/dates.js';
import type { Period, ReportIssue, ReportTask, ReportVisit } from '../domain/metrics.js';
import { isoWeek, type DayCalls } from '../domain/weekly-quota.js';
import type { Db } from './db.js';

export type GroupBy = 'staff' | 'tier' | 'channel' | 'week' | 'none';

// By week, SQL gives the day and the ISO week is taken in the domain (isoWeek), below.
const TASK_KEY: Record<GroupBy, string> = {
  staff: "coalesce(t.assigned_to, c.owner, '—')",
  tier: 'c.tier',
  channel: 't.channel',
  week: 't.due_on',
  none: "'all'",
};
const VISIT_KEY: Record<GroupBy, string> = {
  staff: "coalesce(v.staff, c.owner, '—')",
  tier: 'c.tier',
  channel: 'v.channel',
  week: 'substr(v.at, 1, 10)',
  none: "'all'",
};
const ISSUE_KEY: Record<GroupBy, string> = { ...VISIT_KEY, channel: "coalesce(v.channel, 'phone')", week: 'substr(i.raised_at, 1, 10)' };

/** Visits that a later correction superseded do not count: the report uses the latest record. */
const CURRENT_VISIT = 'NOT EXISTS (SELECT 1 FROM visit n WHERE n.supersedes = v.id)';

export function reportRows(db: Db, p: Period, by: GroupBy): { tasks: ReportTask[]; visits: ReportVisit[]; issues: ReportIssue[] } {
  const range = { from: p.from, to: p.to, fromAt: `${p.from} 00:00`, toAt: `${p.to} 23:59` };
  const tasks = db
    .prepare(
      `SELECT t.id, t.customer_id, ${TASK_KEY[by]} AS key, t.due_on, t.deadline, t.status, t.closed_on
       FROM task t JOIN customer c ON c.id = t.customer_id
       WHERE t.due_on BETWEEN @from AND @to`,
    )
    .all(range) as ReportTask[];
  const visits = (
    db
      .prepare(
        `SELECT v.id, v.customer_id, ${VISIT_KEY[by]} AS key, v.at, v.outcome = 'reached' AS reached, v.score,
                v.needs IS NOT NULL AND v.needs <> '' AS has_needs
         FROM visit v JOIN customer c ON c.id = v.customer_id
         WHERE v.at BETWEEN @fromAt AND @toAt AND ${CURRENT_VISIT}`,
      )
      .all(range) as (Omit<ReportVisit, 'reached' | 'has_needs' | 'converted'> & { reached: number; has_needs: number })[]
  ).map((v) => ({ ...v, reached: v.reached === 1, has_needs: v.has_needs === 1, converted: false }));
  // Secondary conversion: an order or sale after a reached visit, within 90 days and by the period's
  // end. Only orders inside the period can count, so one read of those beats a subquery per visit.
  const orders = new Map<number, string[]>();
  for (const e of db
    .prepare("SELECT customer_id, occurred_on FROM event WHERE type IN ('order', 'sale') AND occurred_on BETWEEN @from AND @to")
    .all(range) as { customer_id: number; occurred_on: string }[]) {
    const list = orders.get(e.customer_id) ?? [];
    list.push(e.occurred_on);
    orders.set(e.customer_id, list);
  }
  for (const v of visits) {
    const dates = v.reached ? orders.get(v.customer_id) : undefined;
    if (!dates) continue;
    const day = v.at.slice(0, 10);
    const last = addDays(day, 90);
    v.converted = dates.some((d) => d > day && d <= last && d <= p.to);
  }
  const issues = db
    .prepare(
      `SELECT i.id, ${ISSUE_KEY[by]} AS key,
              i.raised_at, i.respond_by, i.resolve_by, i.responded_at, i.resolved_at, i.confirmed_at
       FROM issue i JOIN customer c ON c.id = i.customer_id LEFT JOIN visit v ON v.id = i.visit_id
       WHERE i.raised_at BETWEEN @fromAt AND @toAt`,
    )
    .all(range) as ReportIssue[];
  if (by === 'week') for (const row of [...tasks, ...visits, ...issues]) row.key = isoWeek(row.key);
  return { tasks, visits, issues };
}

/**
 * What the weekly quota (SPEC §3.6) is judged on: the period's logged calls per staff member and day
 * (a correction is the same call, so superseded records do not count; imported history does), and
 * the clerks held to it: everyone with a task due or a call logged in the period, supervisors aside.
 * Staff as in the `--by staff` rows: a call without a recorded clerk is its customer's owner's.
 */
export function weeklyCallRows(db: Db, p: Period): { clerks: string[]; calls: DayCalls[] } {
  const range = { from: p.from, to: p.to, fromAt: `${p.from} 00:00`, toAt: `${p.to} 23:59` };
  const supervisors = "(SELECT name FROM staff WHERE role = 'supervisor')";
  const caller = 'coalesce(v.staff, c.owner)';
  const assignee = 'coalesce(t.assigned_to, c.owner)';
  const calls = db
    .prepare(
      `SELECT ${caller} AS staff, substr(v.at, 1, 10) AS day, count(*) AS calls
       FROM visit v JOIN customer c ON c.id = v.customer_id
       WHERE v.at BETWEEN @fromAt AND @toAt AND ${CURRENT_VISIT} AND ${caller} IS NOT NULL AND ${caller} NOT IN ${supervisors}
       GROUP BY 1, 2 ORDER BY 1, 2`,
    )
    .all(range) as DayCalls[];
  const clerks = db
    .prepare(
      `SELECT DISTINCT ${assignee} FROM task t JOIN customer c ON c.id = t.customer_id
       WHERE t.due_on BETWEEN @from AND @to AND ${assignee} IS NOT NULL AND ${assignee} NOT IN ${supervisors}`,
    )
    .pluck()
    .all(range) as string[];
  return { clerks, calls };
}

export interface DetailRow {
  id: number;
  at: string;
  code: string;
  name: string;
  contact: string | null;
  phone: string | null;
  staff: string | null;
  channel: string;
  outcome: string;
  respondent: string | null;
  score: number | null;
  feedback: string | null;
  needs: string | null;
  signatory: string | null;
  supersedes: number | null;
  tasks: string | null;
  /** JSON: the issues the visit raised, `[{ level, category, description, department }]`. */
  issues: string;
}

/** The period's visit records (回访记录明细), with the tasks each did and the issues it raised. */
export function detailRows(db: Db, p: Period): DetailRow[] {
  return db
    .prepare(
      `SELECT v.id, v.at, c.code, c.name, k.name AS contact, k.phone, v.staff, v.channel, v.outcome, v.respondent, v.score,
              v.feedback, v.needs, v.signatory, v.supersedes,
              (SELECT group_concat(t.rule, '; ') FROM task t WHERE t.done_visit_id = v.id) AS tasks,
              (SELECT json_group_array(json_object('level', i.level, 'category', i.category, 'description', i.description, 'department', i.department))
               FROM issue i WHERE i.visit_id = v.id) AS issues
       FROM visit v JOIN customer c ON c.id = v.customer_id
       LEFT JOIN contact k ON k.id = coalesce(v.contact_id, (SELECT id FROM contact WHERE customer_id = c.id ORDER BY is_primary DESC, id LIMIT 1))
       WHERE v.at BETWEEN @fromAt AND @toAt AND ${CURRENT_VISIT}
       ORDER BY v.at, v.id`,
    )
    .all({ fromAt: `${p.from} 00:00`, toAt: `${p.to} 23:59` }) as DetailRow[];
}

/**
 * Coverage and satisfaction of one month, counted in SQL (the six-month trend needs only these two,
 * so it does not read every visit of six months). Same definitions as `figures` in domain/metrics.
 */
export function monthTrendPoint(db: Db, p: Period): { coverage: number | null; satisfaction: number | null } {
  const t = db
    .prepare(
      `SELECT sum(NOT (status = 'cancelled' AND closed_on <= @to)) AS planned,
              sum(status = 'done' AND closed_on <= @to) AS done
       FROM task WHERE due_on BETWEEN @from AND @to`,
    )
    .get({ from: p.from, to: p.to }) as { planned: number | null; done: number | null };
  const v = db
    .prepare(
      `SELECT avg(score) AS mean FROM visit v
       WHERE v.outcome = 'reached' AND v.score IS NOT NULL AND v.at BETWEEN @fromAt AND @toAt AND ${CURRENT_VISIT}`,
    )
    .get({ fromAt: `${p.from} 00:00`, toAt: `${p.to} 23:59` }) as { mean: number | null };
  const planned = t.planned ?? 0;
  return {
    coverage: planned ? Math.round(((t.done ?? 0) / planned) * 10_000) / 10_000 : null,
    satisfaction: v.mean === null ? null : Math.round(v.mean * 100) / 100,
  };
}
