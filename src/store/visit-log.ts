// Recording one call (SPEC §3.7): the visit, the tasks it served or tried, the issues it raised — one transaction.
import { afterFailedAttempt } from '../domain/attempts.js';
import { contactToDial } from '../domain/contact-to-dial.js';
import { nextListed } from '../domain/due-list.js';
import type { IsoDate } from '../domain/dates.js';
import type { PlanContext } from '../domain/planner.js';
import { slaDeadlines } from '../domain/sla.js';
import type { Channel, IssueCategory, IssueLevel, Outcome, Respondent } from '../domain/vocabulary.js';
import { InputError } from '../errors.js';
import { contactsOf } from './customers.js';
import type { Db } from './db.js';
import { replan, type TaskRow } from './plan-sync.js';
import type { VisitRow } from './visits.js';

export interface IssueInput {
  level: IssueLevel;
  category: IssueCategory;
  description: string;
  department: string | null;
}

export interface LogInput {
  customerId: number;
  contactId: number | null;
  staff: string | null;
  /** 'YYYY-MM-DD HH:mm' */
  at: string;
  channel: Channel;
  outcome: Outcome;
  respondent: Respondent | null;
  score: number | null;
  feedback: string | null;
  needs: string | null;
  signatory: string | null;
  /** Tasks the clerk named; undefined: every open task whose window has opened. */
  taskIds?: number[];
  issues: IssueInput[];
  /** The next follow-up date the clerk agreed with the customer (moves the listing, not the due date). */
  next?: IsoDate | null;
  supersedes?: number | null;
}

export interface LogResult {
  id: number;
  tasksDone: TaskRow[];
  tasksTried: TaskRow[];
  issues: { id: number; level: IssueLevel; category: IssueCategory; respond_by: string; plan_by: string | null; resolve_by: string }[];
  nextDue: IsoDate | null;
  /** The day the customer is on the list again (a retry, the date agreed on the call…); null while its numbers wait to be corrected. */
  nextListed: IsoDate | null;
  /** Every number of the customer is flagged wrong: it is listed apart until one is corrected (SPEC §3.4). */
  numberToCorrect: boolean;
}

export const openTasksOf = (db: Db, customerId: number) =>
  db.prepare("SELECT * FROM task WHERE customer_id = ? AND status IN ('open', 'unreachable') ORDER BY due_on, id").all(customerId) as TaskRow[];

/** A visit to be corrected by `log --amend`, with its customer's code and whether a correction exists already. */
export type AmendedVisit = Omit<VisitRow, 'source' | 'supersedes' | 'natural_key' | 'recorded_at'> & {
  code: string;
  amended: 0 | 1;
};

export function visitToAmend(db: Db, id: number): AmendedVisit | undefined {
  return db
    .prepare(
      `SELECT v.id, v.customer_id, c.code, v.contact_id, v.staff, v.at, v.channel, v.outcome, v.respondent, v.score, v.feedback,
              v.needs, v.signatory, EXISTS (SELECT 1 FROM visit w WHERE w.supersedes = v.id) AS amended
       FROM visit v JOIN customer c ON c.id = v.customer_id WHERE v.id = ?`,
    )
    .get(id) as AmendedVisit | undefined;
}

/**
 * The open tasks a visit on `date` by `channel` can serve: window opened, channel fits (SPEC §3.0).
 * A task moved to a date agreed with the customer (or rescheduled) is served from that date on, even
 * before its window: otherwise the call made on the agreed day would leave it listed until its window.
 */
export function servableTasks(tasks: readonly TaskRow[], date: IsoDate, channel: Channel): TaskRow[] {
  const opened = (t: TaskRow) => t.window_opens <= date || (t.rescheduled_to !== null && t.rescheduled_to <= date);
  return tasks.filter((t) => opened(t) && (t.channel !== 'onsite' || channel === 'onsite'));
}

/** Write the visit and everything it causes; the caller holds the IMMEDIATE transaction. */
export function recordVisit(db: Db, input: LogInput, ctx: PlanContext, recordedAt: string): LogResult {
  const date = input.at.slice(0, 10);
  const before = openTasksOf(db, input.customerId);
  let served: TaskRow[];
  if (input.taskIds) {
    const byId = new Map(before.map((t) => [t.id, t]));
    served = input.taskIds.map((id) => {
      const t = byId.get(id);
      if (!t) throw new InputError('log.badTask', { id });
      return t;
    });
  } else {
    served = servableTasks(before, date, input.channel);
  }
  // The planner knows only windows: a visit that serves a task before its window (on the agreed
  // date) names the tasks it served, as a clerk naming them with --task would.
  const named = input.taskIds !== undefined || served.some((t) => t.window_opens > date);

  const visitId = Number(
    db
      .prepare(
        `INSERT INTO visit (customer_id, contact_id, staff, at, channel, outcome, respondent, score, feedback, needs,
                            signatory, source, serves_explicit, supersedes, recorded_at)
         VALUES (@customer_id, @contact_id, @staff, @at, @channel, @outcome, @respondent, @score, @feedback, @needs,
                 @signatory, 'log', @explicit, @supersedes, @recorded_at)`,
      )
      .run({
        customer_id: input.customerId,
        contact_id: input.contactId,
        staff: input.staff,
        at: input.at,
        channel: input.channel,
        outcome: input.outcome,
        respondent: input.outcome === 'reached' ? input.respondent : null,
        score: input.outcome === 'reached' ? input.score : null,
        feedback: input.feedback,
        needs: input.needs,
        signatory: input.signatory,
        explicit: named && input.outcome === 'reached' ? 1 : 0,
        supersedes: input.supersedes ?? null,
        recorded_at: recordedAt,
      }).lastInsertRowid,
  );

  const issues: LogResult['issues'] = [];
  let tasksTried: TaskRow[] = [];
  if (input.outcome === 'reached') {
    // Named tasks are the visit's input; otherwise the planner decides, by the same window rule.
    if (named) {
      const link = db.prepare('INSERT OR IGNORE INTO visit_task (visit_id, task_id) VALUES (?, ?)');
      for (const t of served) link.run(visitId, t.id);
    }
    const insertIssue = db.prepare(
      `INSERT INTO issue (customer_id, visit_id, category, level, description, department, status, raised_at, respond_by, plan_by, resolve_by)
       VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)`,
    );
    for (const i of input.issues) {
      const sla = slaDeadlines(input.at, i.level, i.category, ctx.policy, ctx.calendar);
      const id = Number(
        insertIssue.run(input.customerId, visitId, i.category, i.level, i.description, i.department, input.at, sla.respond_by, sla.plan_by, sla.resolve_by)
          .lastInsertRowid,
      );
      issues.push({ id, level: i.level, category: i.category, ...sla });
    }
  } else {
    // A failed attempt counts against the tasks due by now; their due dates stay (SPEC §3.4).
    tasksTried = served.filter((t) => t.list_on <= date || input.taskIds);
    const update = db.prepare(
      'UPDATE task SET attempts = @attempts, status = @status, retry_on = @retry_on, list_on = @list_on, closed_on = @closed_on, close_reason = @reason WHERE id = @id',
    );
    const link = db.prepare('INSERT OR IGNORE INTO visit_task (visit_id, task_id) VALUES (?, ?)');
    // A wrong number is flagged for correction and never dialled again until corrected (SPEC §3.4).
    const flagged = input.outcome === 'wrong_number' && input.contactId !== null;
    if (flagged) db.prepare('UPDATE contact SET needs_correction = 1 WHERE id = ?').run(input.contactId);
    const anotherNumber = contactToDial(contactsOf(db, input.customerId)).kind === 'dial';
    for (const t of tasksTried) {
      const r = afterFailedAttempt(
        { attempts: t.attempts, status: t.status === 'unreachable' ? 'unreachable' : 'open', due_on: t.due_on, rescheduled_to: t.rescheduled_to },
        input.outcome,
        date,
        ctx.policy,
        ctx.calendar,
        anotherNumber,
      );
      update.run({
        id: t.id,
        attempts: r.attempts,
        status: r.status,
        retry_on: r.retry_on,
        list_on: r.list_on,
        closed_on: r.status === 'refused' ? date : null,
        reason: r.status === 'refused' ? 'refused' : null,
      });
      link.run(visitId, t.id);
    }
  }

  replan(db, [input.customerId], ctx);

  // The next follow-up agreed on the call moves when the next routine call is listed, not its due
  // date: the one this visit planned, or the one already waiting when the visit did not do it.
  if (input.next && input.outcome === 'reached') {
    db.prepare(
      `UPDATE task SET rescheduled_to = @next, list_on = @next, reschedule_reason = 'next follow-up agreed on the call'
       WHERE customer_id = @c AND status = 'open' AND rule = 'routine' AND due_on > @date`,
    ).run({ next: input.next, c: input.customerId, date });
  }

  const tasksDone = db.prepare('SELECT * FROM task WHERE done_visit_id = ? ORDER BY id').all(visitId) as TaskRow[];
  const after = openTasksOf(db, input.customerId);
  const nextDue = after.reduce<IsoDate | null>((min, t) => (min === null || t.due_on < min ? t.due_on : min), null);
  const contacts = contactsOf(db, input.customerId);
  return {
    id: visitId,
    tasksDone,
    tasksTried: tasksTried.map((t) => ({ ...t })),
    issues,
    nextDue,
    nextListed: nextListed(after.map((t) => t.list_on), contacts, ctx.today, ctx.calendar),
    numberToCorrect: after.length > 0 && contactToDial(contacts).kind === 'correct',
  };
}
