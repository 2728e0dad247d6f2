// Task rows outside the planner's own writes: lookups, a clerk's reschedule or cancellation, a failed attempt, the month's plan.
import type { IsoDate } from '../domain/dates.js';
import type { Db } from './db.js';
import type { CustomerRow, TaskRow } from './rows.js';

export function taskById(db: Db, id: number): TaskRow | undefined {
  return db.prepare('SELECT * FROM task WHERE id = ?').get(id) as TaskRow | undefined;
}

/** A customer's tasks still to do (open, or waiting for another channel), by due date. */
export function openTasksOf(db: Db, customerId: number): TaskRow[] {
  return db.prepare("SELECT * FROM task WHERE customer_id = ? AND status IN ('open', 'unreachable') ORDER BY due_on, id").all(customerId) as TaskRow[];
}

/** The tasks the planner marked done by a visit. */
export function tasksDoneBy(db: Db, visitId: number): TaskRow[] {
  return db.prepare('SELECT * FROM task WHERE done_visit_id = ? ORDER BY id').all(visitId) as TaskRow[];
}

/** Move the day a task is listed; its due date stays (SPEC §3.0). */
export function rescheduleTask(db: Db, taskId: number, to: IsoDate, reason: string, listOn: IsoDate): void {
  db.prepare('UPDATE task SET rescheduled_to = ?, reschedule_reason = ?, list_on = ? WHERE id = ?').run(to, reason, listOn, taskId);
}

export function cancelTask(db: Db, taskId: number, on: IsoDate, reason: string): void {
  db.prepare("UPDATE task SET status = 'cancelled', closed_on = ?, close_reason = ? WHERE id = ?").run(on, reason, taskId);
}

/** What a failed attempt leaves on a task (computed by domain/attempts.ts). */
export interface AttemptUpdate {
  attempts: number;
  status: TaskRow['status'];
  retry_on: IsoDate | null;
  list_on: IsoDate;
  closed_on: IsoDate | null;
  close_reason: string | null;
}

export function recordAttempt(db: Db, taskId: number, u: AttemptUpdate): void {
  db.prepare(
    'UPDATE task SET attempts = @attempts, status = @status, retry_on = @retry_on, list_on = @list_on, closed_on = @closed_on, close_reason = @close_reason WHERE id = @id',
  ).run({ id: taskId, ...u });
}

/**
 * List the customer's next routine call on the date agreed on a call: the routine task due after
 * `after` moves its listing, not its due date.
 */
export function listNextRoutineOn(db: Db, customerId: number, next: IsoDate, after: IsoDate): void {
  db.prepare(
    `UPDATE task SET rescheduled_to = @next, list_on = @next, reschedule_reason = 'next follow-up agreed on the call'
     WHERE customer_id = @c AND status = 'open' AND rule = 'routine' AND due_on > @after`,
  ).run({ next, c: customerId, after });
}

/** One line of `huifang plan`: a task due in the month with its customer. */
export type MonthPlanRow = Pick<
  TaskRow,
  'id' | 'rule' | 'purpose' | 'channel' | 'due_on' | 'deadline' | 'assigned_to' | 'status' | 'attempts' | 'rescheduled_to' | 'closed_on' | 'close_reason'
> &
  Pick<CustomerRow, 'code' | 'name' | 'tier'>;

/** Tasks due in [from, to], of one staff member (assigned, else the customer's owner) or everyone's. */
export function tasksDueBetween(db: Db, from: IsoDate, to: IsoDate, staff: string | null): MonthPlanRow[] {
  return db
    .prepare(
      `SELECT t.id, c.code, c.name, c.tier, t.rule, t.purpose, t.channel, t.due_on, t.deadline, t.assigned_to,
              t.status, t.attempts, t.rescheduled_to, t.closed_on, t.close_reason
       FROM task t JOIN customer c ON c.id = t.customer_id
       WHERE t.due_on BETWEEN @from AND @to AND (@staff IS NULL OR coalesce(t.assigned_to, c.owner) = @staff)
       ORDER BY t.due_on, c.code, t.id`,
    )
    .all({ from, to, staff }) as MonthPlanRow[];
}
