// Task rows outside the planner's own writes: lookups, a clerk's reschedule or cancellation, a failed attempt, the month's plan.
import type { IsoDate } from '../domain/dates.js';
import type { Db } from './db.js';
import { sql } from './sql.js';
import type { CustomerRow, TaskRow } from './rows.js';

export function taskById(db: Db, id: number): TaskRow | undefined {
  return db.get<TaskRow>(sql`SELECT * FROM task WHERE id = ${id}`);
}

/** A customer's tasks still to do (open, or waiting for another channel), by due date. */
export function openTasksOf(db: Db, customerId: number): TaskRow[] {
  return db.all<TaskRow>(sql`SELECT * FROM task WHERE customer_id = ${customerId} AND status IN ('open', 'unreachable') ORDER BY due_on, id`);
}

/** The tasks the planner marked done by a visit. */
export function tasksDoneBy(db: Db, visitId: number): TaskRow[] {
  return db.all<TaskRow>(sql`SELECT * FROM task WHERE done_visit_id = ${visitId} ORDER BY id`);
}

/** Move the day a task is listed; its due date stays (SPEC §3.0). */
export function rescheduleTask(db: Db, taskId: number, to: IsoDate, reason: string, listOn: IsoDate): void {
  db.run(sql`UPDATE task SET rescheduled_to = ${to}, reschedule_reason = ${reason}, list_on = ${listOn} WHERE id = ${taskId}`);
}

export function cancelTask(db: Db, taskId: number, on: IsoDate, reason: string): void {
  db.run(sql`UPDATE task SET status = 'cancelled', closed_on = ${on}, close_reason = ${reason} WHERE id = ${taskId}`);
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
  db.run(
    sql`UPDATE task SET attempts = ${u.attempts}, status = ${u.status}, retry_on = ${u.retry_on}, list_on = ${u.list_on}, closed_on = ${u.closed_on}, close_reason = ${u.close_reason} WHERE id = ${taskId}`,
  );
}

/**
 * List the customer's next routine call on the date agreed on a call: the routine task due after
 * `after` moves its listing, not its due date.
 */
export function listNextRoutineOn(db: Db, customerId: number, next: IsoDate, after: IsoDate): void {
  db.run(
    sql`UPDATE task SET rescheduled_to = ${next}, list_on = ${next}, reschedule_reason = 'next follow-up agreed on the call'
     WHERE customer_id = ${customerId} AND status = 'open' AND rule = 'routine' AND due_on > ${after}`,
  );
}

/** One line of `huifang plan`: a task due in the month with its customer. */
export type MonthPlanRow = Pick<
  TaskRow,
  'id' | 'rule' | 'purpose' | 'channel' | 'due_on' | 'deadline' | 'assigned_to' | 'status' | 'attempts' | 'rescheduled_to' | 'closed_on' | 'close_reason'
> &
  Pick<CustomerRow, 'code' | 'name' | 'tier'>;

/** Tasks due in [from, to], of one staff member (assigned, else the customer's owner) or everyone's. */
export function tasksDueBetween(db: Db, from: IsoDate, to: IsoDate, staff: string | null): MonthPlanRow[] {
  // The staff filter is left out rather than bound as NULL: PostgreSQL cannot type an untyped `$n IS NULL`.
  const ofStaff = staff === null ? sql`` : sql`AND coalesce(t.assigned_to, c.owner) = ${staff}`;
  return db.all<MonthPlanRow>(
    sql`SELECT t.id, c.code, c.name, c.tier, t.rule, t.purpose, t.channel, t.due_on, t.deadline, t.assigned_to,
              t.status, t.attempts, t.rescheduled_to, t.closed_on, t.close_reason
       FROM task t JOIN customer c ON c.id = t.customer_id
       WHERE t.due_on BETWEEN ${from} AND ${to} ${ofStaff}
       ORDER BY t.due_on, c.code, t.id`,
  );
}
