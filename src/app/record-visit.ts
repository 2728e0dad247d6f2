// Recording one call (SPEC §3.7): the visit, the tasks it served or tried, the issues it raised, then the re-plan.
import { afterFailedAttempt } from '../domain/attempts.js';
import { contactToDial } from '../domain/contact-to-dial.js';
import type { IsoDate } from '../domain/dates.js';
import { nextListed } from '../domain/due-list.js';
import { servableTasks } from '../domain/fulfilment.js';
import type { PlanContext } from '../domain/planner.js';
import { slaDeadlines } from '../domain/sla.js';
import type { IssueCategory, IssueLevel } from '../domain/vocabulary.js';
import { InputError } from '../errors.js';
import { contactsOf, flagForCorrection } from '../store/customers.js';
import type { Db } from '../store/db.js';
import { insertIssue } from '../store/issues.js';
import { replan } from './plan-sync.js';
import type { TaskRow, VisitRow } from '../store/rows.js';
import { openTasksOf, recordAttempt, tasksDoneBy, listNextRoutineOn } from '../store/tasks.js';
import { insertLoggedVisit, linkVisitTasks } from '../store/visit-log.js';

export interface IssueInput {
  level: IssueLevel;
  category: IssueCategory;
  description: string;
  department: string | null;
}

/** A call to record: the visit's own fields as stored, and what it does to tasks and issues. */
export type LogInput = Pick<VisitRow, 'staff' | 'at' | 'channel' | 'outcome' | 'respondent' | 'score' | 'feedback' | 'needs' | 'signatory'> & {
  customerId: number;
  contactId: number | null;
  /** Tasks the clerk named; undefined: every open task the visit can serve (domain/fulfilment.ts). */
  taskIds?: number[];
  issues: IssueInput[];
  /** The next follow-up date the clerk agreed with the customer (moves the listing, not the due date). */
  next?: IsoDate | null;
  supersedes?: number | null;
};

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

/** Write the visit and everything it causes, re-plan its customer; the caller holds the IMMEDIATE transaction. */
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

  const visitId = insertLoggedVisit(db, {
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
    serves_explicit: named && input.outcome === 'reached' ? 1 : 0,
    supersedes: input.supersedes ?? null,
    recorded_at: recordedAt,
  });

  const issues: LogResult['issues'] = [];
  let tasksTried: TaskRow[] = [];
  if (input.outcome === 'reached') {
    // Named tasks are the visit's input; otherwise the planner decides, by the same rule.
    if (named) linkVisitTasks(db, visitId, served.map((t) => t.id));
    for (const i of input.issues) {
      const sla = slaDeadlines(input.at, i.level, i.category, ctx.policy, ctx.calendar);
      const id = insertIssue(db, { customerId: input.customerId, visitId, ...i, raisedAt: input.at, sla });
      issues.push({ id, level: i.level, category: i.category, ...sla });
    }
  } else {
    // A failed attempt counts against the tasks due by now; their due dates stay (SPEC §3.4).
    tasksTried = served.filter((t) => t.list_on <= date || input.taskIds);
    // A wrong number is flagged for correction and never dialled again until corrected (SPEC §3.4).
    if (input.outcome === 'wrong_number' && input.contactId !== null) flagForCorrection(db, input.contactId);
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
      const refused = r.status === 'refused';
      recordAttempt(db, t.id, { ...r, closed_on: refused ? date : null, close_reason: refused ? 'refused' : null });
    }
    linkVisitTasks(db, visitId, tasksTried.map((t) => t.id));
  }

  replan(db, [input.customerId], ctx);

  // The next follow-up agreed on the call moves when the next routine call is listed, not its due
  // date: the one this visit planned, or the one already waiting when the visit did not do it.
  if (input.next && input.outcome === 'reached') listNextRoutineOn(db, input.customerId, input.next, date);

  const after = openTasksOf(db, input.customerId);
  const nextDue = after.reduce<IsoDate | null>((min, t) => (min === null || t.due_on < min ? t.due_on : min), null);
  const contacts = contactsOf(db, input.customerId);
  return {
    id: visitId,
    tasksDone: tasksDoneBy(db, visitId),
    tasksTried: tasksTried.map((t) => ({ ...t })),
    issues,
    nextDue,
    nextListed: nextListed(after.map((t) => t.list_on), contacts, ctx.today, ctx.calendar),
    numberToCorrect: after.length > 0 && contactToDial(contacts).kind === 'correct',
  };
}
