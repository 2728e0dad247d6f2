// `huifang task reschedule|cancel ID`: change a planned task with a reason; the original due date stays.
import type { Context } from '../cli/context.js';
import { InputError } from '../errors.js';
import { parseDate } from '../io/parse-values.js';
import { inWriteTransaction, openStore, type Db } from '../store/db.js';
import type { TaskRow } from '../store/plan-sync.js';
import { OptionChecker } from './option-values.js';

function openTask(db: Db, idText: string): TaskRow {
  const id = Number(idText);
  const task = Number.isInteger(id) ? (db.prepare('SELECT * FROM task WHERE id = ?').get(id) as TaskRow | undefined) : undefined;
  if (!task) throw new InputError('task.unknown', { id: idText });
  if (task.status !== 'open' && task.status !== 'unreachable') throw new InputError('task.notOpen', { id: idText, status: task.status });
  return task;
}

/** Rescheduling moves the day it is listed, never its due date: timeliness stays honest (SPEC §3.0). */
export function taskReschedule(ctx: Context, idText: string, options: { to: string; reason: string }): void {
  const check = new OptionChecker();
  const to = check.value('--to', options.to, parseDate);
  if (!options.reason.trim()) check.problems.push({ column: '--reason', key: 'import.required' });
  if (to && to < ctx.today) check.problems.push({ column: '--to', key: 'task.rescheduleInPast', params: { value: to } });
  check.done();
  const db = openStore(ctx.dbPath);
  try {
    const task = inWriteTransaction(db, () => {
      const t = openTask(db, idText);
      const listOn = t.retry_on && t.retry_on > (to as string) ? t.retry_on : (to as string);
      db.prepare('UPDATE task SET rescheduled_to = ?, reschedule_reason = ?, list_on = ? WHERE id = ?').run(to, options.reason.trim(), listOn, t.id);
      return t;
    });
    ctx.stdout.write(`${ctx.t('task.rescheduled', { id: task.id, to: to as string, due: task.due_on })}\n`);
  } finally {
    db.close();
  }
}

export function taskCancel(ctx: Context, idText: string, options: { reason: string }): void {
  if (!options.reason.trim()) throw new InputError('option.invalid', { count: 1 }, [{ column: '--reason', key: 'import.required' }]);
  const db = openStore(ctx.dbPath);
  try {
    const task = inWriteTransaction(db, () => {
      const t = openTask(db, idText);
      db.prepare("UPDATE task SET status = 'cancelled', closed_on = ?, close_reason = ? WHERE id = ?").run(ctx.today, options.reason.trim(), t.id);
      return t;
    });
    ctx.stdout.write(`${ctx.t('task.cancelled', { id: task.id })}\n`);
  } finally {
    db.close();
  }
}
