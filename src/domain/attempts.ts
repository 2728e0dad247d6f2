// A call that did not get through (SPEC §3.4): the retry ladder by outcome, and `unreachable` after 3 tries.
import type { WorkCalendar } from './calendar.js';
import type { IsoDate } from './dates.js';
import type { Policy } from './policy.js';
import type { Outcome } from './vocabulary.js';

export interface TaskAttemptState {
  attempts: number;
  status: 'open' | 'unreachable';
  due_on: IsoDate;
  rescheduled_to: IsoDate | null;
}

export interface AttemptResult {
  attempts: number;
  status: 'open' | 'unreachable' | 'refused';
  /** No retry before this day (null: no waiting, e.g. a wrong number to correct). */
  retry_on: IsoDate | null;
  /** The day the task shows on the list again. */
  list_on: IsoDate;
}

/**
 * What one failed attempt on `date` does to a task; the task's due date never changes. A wrong
 * number is tried again the next working day when `anotherNumber` (the customer has another usable
 * contact); without one the task waits, listed apart, until a number is corrected (SPEC §3.4).
 */
export function afterFailedAttempt(
  t: TaskAttemptState,
  outcome: Exclude<Outcome, 'reached'>,
  date: IsoDate,
  policy: Policy,
  calendar: WorkCalendar,
  anotherNumber = false,
): AttemptResult {
  const attempts = t.attempts + 1;
  const base = t.rescheduled_to ?? t.due_on;
  const r = policy.retry;
  const wait: Partial<Record<Outcome, number>> = {
    no_answer: r.no_answer_working_days,
    busy: r.busy_working_days,
    left_message: r.left_message_working_days,
    // SPEC §3.4 says "the next working day" for a wrong number, through another contact.
    wrong_number: anotherNumber ? 1 : undefined,
  };
  if (outcome === 'refused') {
    return { attempts, status: 'refused', retry_on: null, list_on: base };
  }
  const days = wait[outcome];
  const retry = days === undefined ? null : calendar.addWorkdays(date, days);
  const listOn = retry && retry > base ? retry : base;
  return {
    attempts,
    status: attempts >= r.max_attempts ? 'unreachable' : t.status,
    retry_on: retry,
    list_on: listOn,
  };
}
