// The plan (回访计划, SPEC §3.0–3.4): from one customer's facts, the tasks the policy wants, and which visits did them.
import type { WorkCalendar } from './calendar.js';
import { addDays, type IsoDate } from './dates.js';
import { canServe } from './fulfilment.js';
import { applyOffset, approximateDays } from './offsets.js';
import {
  taskKey,
  type FirstContactSlot,
  type PlanContext,
  type PlanCustomer,
  type PlanEvent,
  type PlanIssue,
  type PlannedTask,
  type PlanVisit,
  type TaskBasis,
  type TaskOutcome,
} from './plan-facts.js';
import type { EventRule, Offset, PeriodicRule, Policy, Selector } from './policy.js';
import { UNCONTACTABLE_STATUSES, type Channel } from './vocabulary.js';

/** The planner's facts and results, where its callers have always found them. */
export * from './plan-facts.js';

/** FNV-1a: a deterministic hash in [0, 1) of an event's identity, for sampled shares (SPEC §3.2). */
export function sampleFraction(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h / 2 ** 32;
}

export function matches(selector: Selector | undefined, c: PlanCustomer): boolean {
  if (!selector) return true;
  if (selector.tiers && !selector.tiers.includes(c.tier)) return false;
  if (selector.tags && !selector.tags.some((t) => c.tags.includes(t))) return false;
  if (selector.statuses && !selector.statuses.includes(c.status)) return false;
  return true;
}

/** The shortest interval of a periodic rule that applies to the customer, if any. */
export function intervalFor(rule: PeriodicRule, c: PlanCustomer): Offset | undefined {
  let best: Offset | undefined;
  for (const i of rule.intervals) {
    if (matches(i.when, c) && (!best || approximateDays(i.every) < approximateDays(best))) best = i.every;
  }
  return best;
}

const maxDate = (a: IsoDate, b: IsoDate) => (a > b ? a : b);

/**
 * Long-neglected customers (SPEC §3.0): whether a periodic rule's first task for a customer without
 * history is a first contact, because the first date it wants (since + interval) had already
 * passed when the customer was recorded.
 */
export function isFirstContact(rule: PeriodicRule, c: PlanCustomer, calendar: WorkCalendar): boolean {
  const every = intervalFor(rule, c);
  if (!every || !c.since) return false;
  return firstDueFrom(c.since, every, calendar) < c.created_on;
}

/**
 * since + interval, moved to a working day. Asked for every customer of a big import (by the spread
 * and again by the planner) over a few hundred distinct dates: the answers are kept per calendar.
 */
const firstDues = new WeakMap<WorkCalendar, Map<string, IsoDate>>();
function firstDueFrom(since: IsoDate, every: Offset, calendar: WorkCalendar): IsoDate {
  let known = firstDues.get(calendar);
  if (!known) firstDues.set(calendar, (known = new Map()));
  const key = `${since}/${every.months ?? 0}/${every.days ?? 0}/${every.working_days ?? 0}`;
  let due = known.get(key);
  if (due === undefined) known.set(key, (due = calendar.onOrAfter(applyOffset(since, every, calendar))));
  return due;
}

/**
 * A first contact falls inside the first `onboarding_working_days` working days after the customer
 * was recorded, the slots sharing those days evenly; its deadline is the window's last day.
 */
export function firstContactDates(
  createdOn: IsoDate,
  slot: FirstContactSlot | undefined,
  policy: Policy,
  calendar: WorkCalendar,
): { due: IsoDate; deadline: IsoDate; day: number; slot: FirstContactSlot } {
  // Once the window is over no spread is drawn (none of its dates can move any more): a spread of one.
  const at = slot ?? { index: 0, size: 1 };
  const window = calendar.workdaysAfter(createdOn, policy.onboarding_working_days);
  const day = 1 + Math.floor((at.index * window.length) / at.size);
  return { due: window[day - 1] as IsoDate, deadline: window[window.length - 1] as IsoDate, day, slot: at };
}

/**
 * Finds the visit that did a task: the first reached visit after the cause, whose date is inside
 * the task's window, on a channel that fits (on-site tasks need an on-site visit). A visit whose
 * clerk named the tasks it served does only those.
 */
function fulfilledBy(
  visits: readonly PlanVisit[],
  key: string,
  channel: Channel,
  windowOpens: IsoDate,
  afterAt: string,
  until?: IsoDate,
): PlanVisit | undefined {
  for (const v of visits) {
    if (v.at <= afterAt) continue;
    if (until !== undefined && v.date > until) return undefined;
    if (v.serves) {
      if (v.reached && v.serves.has(key)) return v;
      continue;
    }
    if (!v.reached || !canServe({ channel, window_opens: windowOpens }, v)) continue;
    return v;
  }
  return undefined;
}

/** Dormancy (SPEC §3.3): the last transaction and the wake-up call it brings, whether or not inside the horizon. */
function wakeUp(events: readonly PlanEvent[], ctx: PlanContext): { last: PlanEvent; due: IsoDate } | undefined {
  const d = ctx.policy.dormancy;
  if (!d.enabled) return undefined;
  let last: PlanEvent | undefined;
  for (const e of events) if (d.transaction_types.includes(e.type) && (!last || e.date > last.date)) last = e;
  return last && { last, due: ctx.calendar.onOrAfter(applyOffset(last.date, d.after, ctx.calendar)) };
}

/**
 * The first planning horizon end at which time alone changes the customer's plan: a wake-up call
 * still beyond the horizon (SPEC §3.0, §3.3); null when none would. Every other task is planned
 * whatever its date, and a passed reminder is closed by the daily check, so this is what lets
 * the monthly horizon move re-plan only the customers it concerns.
 */
export function nextPlanDate(customer: PlanCustomer, events: readonly PlanEvent[], ctx: PlanContext): IsoDate | null {
  if (UNCONTACTABLE_STATUSES.includes(customer.status)) return null;
  const wake = wakeUp(events, ctx);
  return wake && wake.due > ctx.horizonEnd ? wake.due : null;
}

/** One customer's facts as the bulk planner takes them (visits in time order, superseded ones left out). */
export interface CustomerFacts {
  customer: PlanCustomer;
  events: readonly PlanEvent[];
  visits: readonly PlanVisit[];
  issues: readonly PlanIssue[];
}

export interface CustomerPlan {
  customer: PlanCustomer;
  tasks: PlannedTask[];
  /** See nextPlanDate. */
  nextPlanOn: IsoDate | null;
}

/** Plans many customers at once, from facts loaded for all of them together. */
export function planCustomers(batch: Iterable<CustomerFacts>, ctx: PlanContext): CustomerPlan[] {
  const out: CustomerPlan[] = [];
  for (const f of batch) {
    out.push({
      customer: f.customer,
      tasks: planCustomer(f.customer, f.events, f.visits, f.issues, ctx),
      nextPlanOn: nextPlanDate(f.customer, f.events, ctx),
    });
  }
  return out;
}

/** Plans one customer. Visits must be in time order, reached or not, superseded ones left out. */
export function planCustomer(
  customer: PlanCustomer,
  events: readonly PlanEvent[],
  visits: readonly PlanVisit[],
  issues: readonly PlanIssue[],
  ctx: PlanContext,
): PlannedTask[] {
  const { policy, calendar } = ctx;
  const tasks: PlannedTask[] = [];
  const assignee = (to: 'owner' | 'supervisor') => (to === 'supervisor' ? (ctx.supervisor ?? customer.owner) : customer.owner);
  const moveOn = (d: IsoDate) => calendar.onOrAfter(d);

  for (const rule of policy.rules) {
    if (!rule.enabled) continue;
    if (rule.kind === 'periodic') tasks.push(...planPeriodic(rule, customer, visits, ctx, assignee(rule.assign_to)));
    else tasks.push(...planEvents(rule, customer, events, visits, ctx, assignee(rule.assign_to)));
  }

  // Dormancy (SPEC §3.3): one wake-up call six months after the last transaction, if none came since.
  const d = policy.dormancy;
  const wake = wakeUp(events, ctx);
  if (wake && wake.due <= ctx.horizonEnd) {
    const { last, due } = wake;
    const window = maxDate(addDays(due, -d.early_days), last.date);
    const key = `t${last.date}`;
    const v = fulfilledBy(visits, taskKey('wake_up', key), d.channel, window, `${last.date} 23:59`);
    tasks.push({
      rule: 'wake_up',
      source_key: key,
      channel: d.channel,
      due_on: due,
      deadline: moveOn(addDays(due, d.grace_days)),
      window_opens: window,
      assigned_to: customer.owner,
      event_id: last.id,
      issue_id: null,
      origin_visit_id: null,
      outcome: v ? { status: 'done', visit_id: v.id, date: v.date } : { status: 'open' },
      basis: { from: 'transaction', date: last.date, detail: last.type, offset: d.after },
    });
  }

  // Low satisfaction (SPEC §3.3): a logged reached visit scored ≤ 3 gets a callback. Imported
  // history never creates follow-ups.
  const ls = policy.low_score;
  if (ls.enabled) {
    for (const origin of visits) {
      if (origin.source !== 'log' || !origin.reached || origin.score === null || origin.score > ls.max_score) continue;
      const due = calendar.addWorkdays(origin.date, ls.due_working_days);
      const key = `v${origin.id}`;
      const v = fulfilledBy(visits, taskKey('low_score_callback', key), ls.channel, origin.date, origin.at);
      tasks.push({
        rule: 'low_score_callback',
        source_key: key,
        channel: ls.channel,
        due_on: due,
        deadline: calendar.addWorkdays(due, ls.deadline_working_days),
        window_opens: origin.date,
        assigned_to: ctx.supervisor ?? customer.owner,
        event_id: null,
        issue_id: null,
        origin_visit_id: origin.id,
        outcome: v ? { status: 'done', visit_id: v.id, date: v.date } : { status: 'open' },
        basis: { from: 'visit', date: origin.date, detail: `#${origin.id} ${origin.score}`, offset: { working_days: ls.due_working_days } },
      });
    }
  }

  // Issue chase (SPEC §3.4): a rolling follow-up every 3 working days until the customer confirms.
  for (const issue of issues) tasks.push(...planIssueFollowups(issue, customer, visits, ctx));

  // Lost and do-not-contact customers are never planned: what is still open is cancelled.
  if (UNCONTACTABLE_STATUSES.includes(customer.status)) {
    for (const t of tasks) {
      if (t.outcome.status === 'open') t.outcome = { status: 'cancelled', reason: `status:${customer.status}`, date: ctx.today };
    }
  }
  return tasks;
}

function planPeriodic(
  rule: PeriodicRule,
  c: PlanCustomer,
  visits: readonly PlanVisit[],
  ctx: PlanContext,
  assignee: string | null,
): PlannedTask[] {
  const every = intervalFor(rule, c);
  if (!every) return [];
  const { calendar } = ctx;
  const fits = (v: PlanVisit) => v.reached && (rule.channel !== 'onsite' || v.channel === 'onsite');

  // The first task counts from the last reached visit of the imported history, else from the
  // start of cooperation, else from the day the customer was recorded (SPEC §3.1).
  let history: PlanVisit | undefined;
  for (const v of visits) if (v.source === 'import' && fits(v)) history = v;
  let anchor: { date: IsoDate; at: string; key: string; from: TaskBasis['from'] } = history
    ? { date: history.date, at: history.at, key: `v${history.id}`, from: 'imported_visit' }
    : c.since
      ? { date: c.since, at: `${c.since} 00:00`, key: `s${c.since}`, from: 'since' }
      : { date: c.created_on, at: `${c.created_on} 00:00`, key: `c${c.created_on}`, from: 'created' };

  // A long-neglected customer's first task is a first contact: due inside the onboarding window,
  // open to any reached call from the day the customer was recorded (SPEC §3.0).
  const first = !history && isFirstContact(rule, c, calendar) ? firstContactDates(c.created_on, c.first_contact, ctx.policy, calendar) : undefined;

  const out: PlannedTask[] = [];
  // Each done task plans the next; the loop ends at the first open one (one open task per rule).
  for (let guard = 0; guard < 1000; guard++) {
    const firstContact = out.length === 0 ? first : undefined;
    const due = firstContact?.due ?? calendar.onOrAfter(applyOffset(anchor.date, every, calendar));
    const key = rule.count_from === 'fixed' && out.length > 0 ? `d${due}` : anchor.key;
    const window = firstContact ? c.created_on : maxDate(addDays(due, -rule.early_days), anchor.date);
    const v = fulfilledBy(visits, taskKey(rule.id, key), rule.channel, window, anchor.at);
    out.push({
      rule: rule.id,
      source_key: key,
      channel: rule.channel,
      due_on: due,
      deadline: firstContact?.deadline ?? calendar.onOrAfter(addDays(due, rule.grace_days)),
      window_opens: window,
      assigned_to: assignee,
      event_id: null,
      issue_id: null,
      origin_visit_id: anchor.from === 'visit' || anchor.from === 'imported_visit' ? Number(anchor.key.slice(1)) : null,
      outcome: v ? { status: 'done', visit_id: v.id, date: v.date } : { status: 'open' },
      basis: firstContact
        ? {
            from: 'first_contact',
            date: c.created_on,
            detail: `${firstContact.slot.index + 1}/${firstContact.slot.size}`,
            offset: { working_days: firstContact.day },
          }
        : { from: anchor.from, date: anchor.date, offset: every },
    });
    if (!v) break;
    anchor =
      rule.count_from === 'fixed'
        ? { date: due, at: v.at, key: `d${due}`, from: 'previous_due' }
        : { date: v.date, at: v.at, key: `v${v.id}`, from: 'visit' };
  }
  return out;
}

function planEvents(
  rule: EventRule,
  c: PlanCustomer,
  events: readonly PlanEvent[],
  visits: readonly PlanVisit[],
  ctx: PlanContext,
  assignee: string | null,
): PlannedTask[] {
  if (!matches(rule.when, c)) return [];
  const { calendar } = ctx;
  const before = rule.timing === 'before';
  const move = (d: IsoDate) => (before ? calendar.onOrBefore(d) : calendar.onOrAfter(d));
  const out: PlannedTask[] = [];
  for (const e of events) {
    if (!rule.on.includes(e.type)) continue;
    if (rule.share < 1 && sampleFraction(`${e.natural_key}\u001f${rule.id}`) >= rule.share) continue;
    const due = move(applyOffset(e.date, rule.due, calendar));
    const rawDeadline = move(applyOffset(e.date, rule.deadline, calendar));
    const deadline = rawDeadline < due ? due : rawDeadline;
    const window = before
      ? addDays(due, -rule.early_days)
      : rule.window_from_event
        ? e.date
        : maxDate(addDays(due, -rule.early_days), e.date);
    const key = `e${e.id}`;
    // A reminder is done only by a call before its event; after a late event record, by any call after it.
    const v = before
      ? fulfilledBy(visits, taskKey(rule.id, key), rule.channel, window, `${window} 00:00`, e.date)
      : fulfilledBy(visits, taskKey(rule.id, key), rule.channel, window, `${e.date} 00:00`);
    let outcome: TaskOutcome = v ? { status: 'done', visit_id: v.id, date: v.date } : { status: 'open' };
    // Reminders that only make sense before their event close as missed once it has passed (SPEC §3.0).
    if (!v && before && ctx.today > e.date) outcome = { status: 'missed', date: e.date };
    out.push({
      rule: rule.id,
      source_key: key,
      channel: rule.channel,
      due_on: due,
      deadline,
      window_opens: window,
      assigned_to: assignee,
      event_id: e.id,
      issue_id: null,
      origin_visit_id: null,
      outcome,
      basis: { from: 'event', date: e.date, detail: e.ref ? `${e.type} ${e.ref}` : e.type, offset: rule.due },
    });
  }
  return out;
}

function planIssueFollowups(issue: PlanIssue, c: PlanCustomer, visits: readonly PlanVisit[], ctx: PlanContext): PlannedTask[] {
  // A reopened issue is chased afresh from the reopening; the earlier chase ended when it was confirmed.
  if (issue.reopened_at) {
    return [
      ...chaseIssue(issue, { date: issue.raised_at.slice(0, 10), at: issue.raised_at, key: `i${issue.id}` }, issue.reopened_at, c, visits, ctx),
      ...chaseIssue(issue, { date: issue.reopened_at.slice(0, 10), at: issue.reopened_at, key: `i${issue.id}:o${issue.reopened_at.slice(0, 10)}` }, issue.confirmed_at, c, visits, ctx),
    ];
  }
  return chaseIssue(issue, { date: issue.raised_at.slice(0, 10), at: issue.raised_at, key: `i${issue.id}` }, issue.confirmed_at, c, visits, ctx);
}

function chaseIssue(
  issue: PlanIssue,
  start: { date: IsoDate; at: string; key: string },
  confirmedAt: string | null,
  c: PlanCustomer,
  visits: readonly PlanVisit[],
  ctx: PlanContext,
): PlannedTask[] {
  const { calendar, policy } = ctx;
  const every = policy.issues.followup_every_working_days;
  const out: PlannedTask[] = [];
  let anchor = start;
  for (let guard = 0; guard < 1000; guard++) {
    const due = calendar.addWorkdays(anchor.date, every);
    const v = fulfilledBy(visits, taskKey('issue_followup', anchor.key), 'phone', anchor.date, anchor.at);
    const confirmedFirst = confirmedAt !== null && (!v || v.at > confirmedAt);
    let outcome: TaskOutcome;
    if (confirmedFirst) {
      // Confirming closes the chase: the open follow-up is cancelled (SPEC §3.4).
      outcome = { status: 'cancelled', reason: 'issue_confirmed', date: confirmedAt.slice(0, 10) };
    } else {
      outcome = v ? { status: 'done', visit_id: v.id, date: v.date } : { status: 'open' };
    }
    const fromVisit = anchor.key.includes(':v');
    out.push({
      rule: 'issue_followup',
      source_key: anchor.key,
      channel: 'phone',
      due_on: due,
      deadline: due,
      window_opens: anchor.date,
      assigned_to: c.owner,
      event_id: null,
      issue_id: issue.id,
      origin_visit_id: fromVisit ? Number(anchor.key.split(':v')[1]) : null,
      outcome,
      basis: { from: fromVisit ? 'visit' : 'issue', date: anchor.date, detail: `#${issue.id} ${issue.level}`, offset: { working_days: every } },
    });
    if (outcome.status !== 'done' || !v) break;
    anchor = { date: v.date, at: v.at, key: `${start.key}:v${v.id}` };
  }
  return out;
}
