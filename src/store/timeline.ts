// A customer's history in one read: events, visits, issues and open tasks (for `customer show`).
import type { Db } from './db.js';
import type { IssueRow, TaskRow } from './rows.js';
import { sql } from './sql.js';
import { eventsOf, type EventRow } from './events.js';
import { visitsOf, type VisitRow } from './visits.js';

export type IssueSummaryRow = Pick<IssueRow, 'id' | 'level' | 'category' | 'description' | 'status' | 'raised_at' | 'resolve_by'>;

/** An open task; `list_on` is the day it is listed: its due date, moved by a retry, a reschedule or the date agreed on a call. */
export type TaskSummaryRow = Pick<TaskRow, 'id' | 'rule' | 'purpose' | 'channel' | 'due_on' | 'deadline' | 'status' | 'attempts' | 'list_on'>;

/** A visit with the record that corrected it, if any (SPEC §2: a correction supersedes, both kept). */
export interface TimelineVisit extends VisitRow {
  superseded_by: number | null;
}

export interface Timeline {
  events: EventRow[];
  visits: TimelineVisit[];
  issues: IssueSummaryRow[];
  openTasks: TaskSummaryRow[];
}

export function timelineOf(db: Db, customerId: number): Timeline {
  const visits = visitsOf(db, customerId);
  const correctedBy = new Map(visits.filter((v) => v.supersedes !== null).map((v) => [v.supersedes, v.id]));
  return {
    events: eventsOf(db, customerId),
    visits: visits.map((v) => ({ ...v, superseded_by: correctedBy.get(v.id) ?? null })),
    issues: db.all<IssueSummaryRow>(
      sql`SELECT id, level, category, description, status, raised_at, resolve_by FROM issue WHERE customer_id = ${customerId} ORDER BY raised_at, id`,
    ),
    openTasks: db.all<TaskSummaryRow>(
      sql`SELECT id, rule, purpose, channel, due_on, deadline, status, attempts, list_on FROM task
         WHERE customer_id = ${customerId} AND status IN ('open', 'unreachable') ORDER BY due_on, id`,
    ),
  };
}
