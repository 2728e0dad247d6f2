// `huifang task reschedule|cancel ID`: change a planned task with a reason; the original due date stays.
import type { Context } from '../cli/context.js';
import { InputError } from '../errors.js';
import { parseDate } from '../io/parse-values.js';
import { cancelTask, rescheduleTask } from '../app/tasks.js';
import { openStore } from '../store/db.js';
import { OptionChecker } from './option-values.js';

/** Rescheduling moves the day it is listed, never its due date: timeliness stays honest (SPEC §3.0). */
export function taskReschedule(ctx: Context, idText: string, options: { to: string; reason: string }): void {
  const check = new OptionChecker();
  const to = check.value('--to', options.to, parseDate);
  if (!options.reason.trim()) check.problems.push({ column: '--reason', key: 'import.required' });
  if (to && to < ctx.today) check.problems.push({ column: '--to', key: 'task.rescheduleInPast', params: { value: to } });
  check.done();
  const db = openStore(ctx.dbPath);
  try {
    const task = rescheduleTask(db, idText, to as string, options.reason.trim());
    ctx.stdout.write(`${ctx.t('task.rescheduled', { id: task.id, to: to as string, due: task.due_on })}\n`);
  } finally {
    db.close();
  }
}

export function taskCancel(ctx: Context, idText: string, options: { reason: string }): void {
  if (!options.reason.trim()) throw new InputError('option.invalid', { count: 1 }, [{ column: '--reason', key: 'import.required' }]);
  const db = openStore(ctx.dbPath);
  try {
    const task = cancelTask(db, idText, options.reason.trim(), ctx.today);
    ctx.stdout.write(`${ctx.t('task.cancelled', { id: task.id })}\n`);
  } finally {
    db.close();
  }
}
