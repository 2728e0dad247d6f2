// `due --explain`'s use case: re-plan one customer in memory and score each open task as the call list does.
import { byCodePoint } from '../domain/customer-code.js';
import type { WorkCalendar } from '../domain/calendar.js';
import { escalationCutoff, scoreTask } from '../domain/due-list.js';
import { applyOffset } from '../domain/offsets.js';
import { taskKey, type PlannedTask } from '../domain/planner.js';
import type { Policy } from '../domain/policy.js';
import { customerUrgency, type UrgencyTerm } from '../domain/urgency.js';
import { InputError } from '../errors.js';
import { customerByCode, type CustomerRow } from '../store/customers.js';
import type { Db } from '../store/db.js';
import { issueLevelOf } from '../store/issues.js';
import { planContext, planOne } from './plan-sync.js';
import { loadPolicy } from '../store/policy-store.js';
import type { TaskRow } from '../store/rows.js';
import type { Clock } from './clock.js';

export interface ExplainedTask {
  task: TaskRow;
  /** Where the planner counted the due date from; null for a task the plan no longer makes. */
  basis: PlannedTask['basis'] | null;
  /** The date the offset gives, before moving off a holiday or weekend. */
  computed: string;
  on_list_today: boolean;
  overdue_days: number;
  escalated: boolean;
  urgency: number;
  terms: UrgencyTerm[];
}

export interface Explanation {
  customer: CustomerRow;
  policy: Policy;
  calendar: WorkCalendar;
  tasks: ExplainedTask[];
  /** The customer's score from the tasks on today's list (as `due` ranks it), null when none is listed. */
  total: { score: number; extra: UrgencyTerm | null } | null;
}

export function explainPlan(db: Db, code: string, clock: Pick<Clock, 'today'>): Explanation {
  const customer = customerByCode(db, code);
  if (!customer) throw new InputError('customer.unknown', { code });
  const { today } = clock;
  const policy = loadPolicy(db);
  const planCtx = planContext(db, today, policy);
  const { calendar } = planCtx;
  const { planned, stored } = planOne(db, customer.id, planCtx);
  const basisOf = new Map(planned.map((p) => [taskKey(p.rule, p.source_key), p.basis]));
  const cutoff = escalationCutoff(today, policy, calendar);
  const tasks = stored
    .filter((s) => s.status === 'open' || s.status === 'unreachable')
    .sort((a, b) => byCodePoint(a.due_on, b.due_on) || a.id - b.id)
    .map((s) => {
      const basis = basisOf.get(taskKey(s.rule, s.source_key)) ?? null;
      const issue_level = s.issue_id ? (issueLevelOf(db, s.issue_id) ?? null) : null;
      return {
        task: s,
        basis,
        computed: basis ? applyOffset(basis.date, basis.offset, calendar) : s.due_on,
        on_list_today: s.list_on <= calendar.onOrAfter(today),
        ...scoreTask({ ...s, tier: customer.tier, issue_level }, today, cutoff, policy),
      };
    });
  const listed = tasks.filter((x) => x.on_list_today).map((x) => x.urgency);
  return { customer, policy, calendar, tasks, total: listed.length ? customerUrgency(listed, policy) : null };
}
