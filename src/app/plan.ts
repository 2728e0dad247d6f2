// Reading the plan: the app decides that a read first brings the stored plan up to date (a new month re-plans).
import { listWindow } from '../domain/due-list.js';
import type { IsoDate } from '../domain/dates.js';
import type { PlanContext } from '../domain/planner.js';
import type { Policy } from '../domain/policy.js';
import type { Db } from '../store/db.js';
import { loadDueRows, type DueFilter, type DueRow } from '../store/due-query.js';
import { ensurePlanCurrent, planContext, type BackgroundMove } from './plan-sync.js';
import { tasksDueBetween, type MonthPlanRow } from '../store/tasks.js';
import { requireStaff } from './staff.js';

export interface DueFacts {
  planCtx: PlanContext;
  listDate: IsoDate;
  until: IsoDate;
  staff?: ReturnType<typeof requireStaff>;
  rows: DueRow[];
}

/** The open tasks `due` lists for `today` plus `days`, the plan brought up to date through that day first. */
export function dueFacts(
  db: Db,
  today: IsoDate,
  policy: Policy,
  o: { days: number; staff?: string } & Pick<DueFilter, 'tier' | 'channel'>,
  background?: BackgroundMove,
): DueFacts {
  const planCtx = planContext(db, today, policy);
  const { listDate, until } = listWindow(today, o.days, planCtx.calendar);
  ensurePlanCurrent(db, planCtx, until, background);
  const staff = o.staff ? requireStaff(db, o.staff) : undefined;
  const rows = loadDueRows(db, { until, tier: o.tier, channel: o.channel, transactionTypes: policy.dormancy.transaction_types });
  return { planCtx, listDate, until, staff, rows };
}

/** The tasks due in [from, to] (`huifang plan`), the plan brought up to date through `to` first. */
export function monthPlan(
  db: Db,
  today: IsoDate,
  policy: Policy,
  from: IsoDate,
  to: IsoDate,
  staff: string | null,
  background?: BackgroundMove,
): MonthPlanRow[] {
  ensurePlanCurrent(db, planContext(db, today, policy), to, background);
  return tasksDueBetween(db, from, to, staff);
}
