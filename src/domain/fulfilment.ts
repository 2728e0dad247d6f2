// Which tasks a visit fulfils (SPEC §3.0): the one rule the planner and `log` both apply.
import type { IsoDate } from './dates.js';
import type { Channel } from './vocabulary.js';

export interface ServableTask {
  channel: Channel;
  window_opens: IsoDate;
  /** A date agreed with the customer (a reschedule, the next call agreed on a call), if any. */
  rescheduled_to?: IsoDate | null;
}

/**
 * Whether a visit on `visit.date` by `visit.channel` serves the task: its window has opened, or the
 * date agreed with the customer has come (otherwise the call made on the agreed day would leave the
 * task listed until its window), and the channel fits (an on-site task needs an on-site visit).
 */
export function canServe(task: ServableTask, visit: { date: IsoDate; channel: Channel }): boolean {
  const opened = task.window_opens <= visit.date || (task.rescheduled_to != null && task.rescheduled_to <= visit.date);
  return opened && (task.channel !== 'onsite' || visit.channel === 'onsite');
}

/** The open tasks a visit on `date` by `channel` can serve, in their order. */
export function servableTasks<T extends ServableTask>(tasks: readonly T[], date: IsoDate, channel: Channel): T[] {
  return tasks.filter((t) => canServe(t, { date, channel }));
}
