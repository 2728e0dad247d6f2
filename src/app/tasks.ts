// A clerk's changes to one planned task: reschedule it (its due date stays) or cancel it, with a reason.
import type { IsoDate } from '../domain/dates.js';
import { InputError } from '../errors.js';
import { inWriteTransaction, type Db } from '../store/db.js';
import type { TaskRow } from '../store/rows.js';
import { cancelTask as cancelTaskRow, rescheduleTask as rescheduleTaskRow, taskById } from '../store/tasks.js';

/** Only a task still to do may be changed. */
function requireOpenTask(db: Db, idText: string): TaskRow {
  const id = Number(idText);
  const task = Number.isInteger(id) ? taskById(db, id) : undefined;
  if (!task) throw new InputError('task.unknown', { id: idText });
  if (task.status !== 'open' && task.status !== 'unreachable') throw new InputError('task.notOpen', { id: idText, status: task.status });
  return task;
}

/** Rescheduling moves the day it is listed, never its due date: timeliness stays honest (SPEC §3.0). A pending retry later than `to` still wins. */
export function rescheduleTask(db: Db, idText: string, to: IsoDate, reason: string): TaskRow {
  return inWriteTransaction(db, () => {
    const t = requireOpenTask(db, idText);
    rescheduleTaskRow(db, t.id, to, reason, t.retry_on && t.retry_on > to ? t.retry_on : to);
    return t;
  });
}

export function cancelTask(db: Db, idText: string, reason: string, today: IsoDate): TaskRow {
  return inWriteTransaction(db, () => {
    const t = requireOpenTask(db, idText);
    cancelTaskRow(db, t.id, today, reason);
    return t;
  });
}
