// Today's call list (SPEC §3.6): one line per customer, ranked by urgency, greetings apart. Pure: rows in, list out.
import { byCodePoint } from './customer-code.js';
import type { WorkCalendar } from './calendar.js';
import { contactToDial, type ContactFact } from './contact-to-dial.js';
import { addDays, daysBetween, yearOf, type IsoDate } from './dates.js';
import { festivalOn, type FestivalId } from './official-calendar.js';
import { applyOffset } from './offsets.js';
import { alternativeChannel, type Policy } from './policy.js';
import type { Channel } from './vocabulary.js';
import { customerUrgency, taskUrgency, type UrgencyTerm } from './urgency.js';

/** What the store gives for each open task on the list (see store/due-query.ts). */
export interface DueTaskFact {
  task_id: number;
  rule: string;
  purpose: string;
  channel: string;
  due_on: IsoDate;
  deadline: IsoDate;
  status: 'open' | 'unreachable';
  attempts: number;
  assigned_to: string | null;
  event_date: IsoDate | null;
  event_ref: string | null;
  issue_level: string | null;
  customer_id: number;
  code: string;
  name: string;
  tier: string;
  since: IsoDate | null;
  created_on: IsoDate;
  customer_status: string;
  owner: string | null;
  /** Every contact of the customer: the one to dial is chosen by domain/contact-to-dial.ts. */
  contacts: readonly ContactFact[];
  last_visit_at: string | null;
  last_visit_score: number | null;
  open_issues: number;
  last_transaction: IsoDate | null;
}

export type Stage = 'new' | 'stable' | 'dormant';

export interface DueTask {
  id: number;
  rule: string;
  purpose: string;
  channel: string;
  due_on: IsoDate;
  deadline: IsoDate;
  overdue_days: number;
  attempts: number;
  unreachable: boolean;
  escalated: boolean;
  urgency: number;
  terms: UrgencyTerm[];
  ref: string | null;
}

export interface DueItem {
  rank: number;
  urgency: number;
  customer: { id: number; code: string; name: string; tier: string; stage: Stage; owner: string | null };
  contact: { name: string | null; phone: string | null };
  tasks: DueTask[];
  last_visit: { date: IsoDate; score: number | null } | null;
  open_issues: number;
  /** The channel to use: the task's own, or another one after three failed attempts (SPEC §3.4). */
  channel: string;
  attempts: number;
  extra: UrgencyTerm | null;
}

/** A customer whose every number was flagged wrong: off the call list until one is corrected (SPEC §3.4). */
export interface NumberToCorrect {
  customer: DueItem['customer'];
  /** The flagged contact to correct (the one that would be dialled). */
  contact: { name: string; phone: string | null };
  tasks: DueTask[];
  urgency: number;
}

export interface Greeting {
  customer: { code: string; name: string; tier: string; owner: string | null };
  contact: { name: string | null; phone: string | null };
  occasion: 'birthday' | FestivalId;
  date: IsoDate;
  channel: string;
}

export interface DueList {
  today: IsoDate;
  working_day: boolean;
  /** The day the list is for: today, or the next working day when today is not one. */
  list_date: IsoDate;
  until: IsoDate;
  items: DueItem[];
  greetings: Greeting[];
  /** Customers waiting for a corrected number, apart from the calls; not cut by capacity or --limit. */
  to_correct: NumberToCorrect[];
  /** How many more customers are waiting beyond the capacity or --limit. */
  more: number;
  /** Years whose working days the calendar does not know (SPEC §3.5). */
  uncovered_years: number[];
}

/** The day the list is for, and how far ahead it looks (`--days N` adds N days). */
export function listWindow(today: IsoDate, days: number, calendar: WorkCalendar): { listDate: IsoDate; until: IsoDate } {
  const listDate = calendar.onOrAfter(today);
  return { listDate, until: addDays(listDate, Math.max(0, days)) };
}

/**
 * The day a customer next appears on the call list (`log --json` `next_listed`): the earliest list
 * date of its open tasks (a retry, a reschedule, the date agreed on the call), never before today's
 * list; null when nothing is open, or while every number it has waits to be corrected (SPEC §3.4).
 */
export function nextListed(listOns: readonly IsoDate[], contacts: readonly ContactFact[], today: IsoDate, calendar: WorkCalendar): IsoDate | null {
  if (listOns.length === 0 || contactToDial(contacts).kind === 'correct') return null;
  const first = listOns.reduce((a, b) => (a < b ? a : b));
  return calendar.onOrAfter(first > today ? first : today);
}

/** Lifecycle stage (SPEC §3.3): dormant overrides; new within a year of `since`, else stable. */
export function stageOf(f: Pick<DueTaskFact, 'since' | 'created_on' | 'last_transaction' | 'customer_status'>, today: IsoDate, policy: Policy, calendar: WorkCalendar): Stage {
  if (f.customer_status === 'dormant') return 'dormant';
  if (policy.dormancy.enabled && f.last_transaction) {
    if (applyOffset(f.last_transaction, policy.dormancy.after, calendar) <= today) return 'dormant';
  }
  const since = f.since ?? f.created_on;
  return applyOffset(since, policy.lifecycle.new_for, calendar) > today ? 'new' : 'stable';
}

export interface BuildOptions {
  today: IsoDate;
  listDate: IsoDate;
  until: IsoDate;
  policy: Policy;
  calendar: WorkCalendar;
  /** Show this many customers at most (a clerk's daily capacity, or --limit). */
  limit?: number;
  /** Only this staff member's calls, plus — for a supervisor — everything escalated. */
  staff?: { name: string; supervisor: boolean };
  greetings: Greeting[];
}

/** Tasks due before this day are escalated on `today` (SPEC §3.6): overdue by more than the policy's working days. */
export function escalationCutoff(today: IsoDate, policy: Policy, calendar: WorkCalendar): IsoDate {
  return calendar.lateCutoff(today, policy.escalation.overdue_working_days);
}

const isEscalated = (due: IsoDate, cutoff: IsoDate) => due < cutoff;

/** How late a task is on `today`, whether it is escalated, and its urgency: the one scoring `due` and `due --explain` show. */
export function scoreTask(
  t: { rule: string; tier: string; due_on: IsoDate; issue_level: string | null },
  today: IsoDate,
  cutoff: IsoDate,
  policy: Policy,
): { overdue_days: number; escalated: boolean; urgency: number; terms: UrgencyTerm[] } {
  const overdue = Math.max(0, daysBetween(t.due_on, today));
  const escalated = isEscalated(t.due_on, cutoff);
  const u = taskUrgency({ rule: t.rule, tier: t.tier, overdue_days: overdue, escalated, issue_level: t.issue_level }, policy);
  return { overdue_days: overdue, escalated, urgency: u.score, terms: u.terms };
}

export function buildDueList(facts: readonly DueTaskFact[], o: BuildOptions): DueList {
  const { policy, calendar, today } = o;
  const years = new Set<number>([yearOf(today)]);
  const beforeRules = new Set(policy.rules.filter((r) => r.kind === 'event' && r.timing === 'before').map((r) => r.id));
  const cutoff = escalationCutoff(today, policy, calendar);
  const byCustomer = new Map<number, DueTaskFact[]>();
  for (const f of facts) {
    // A reminder whose appointment has passed is missed, not due (SPEC §3.0).
    if (beforeRules.has(f.rule) && f.event_date !== null && f.event_date < today) continue;
    const escalated = isEscalated(f.due_on, cutoff);
    if (o.staff) {
      const mine = (f.assigned_to ?? f.owner) === o.staff.name;
      if (!mine && !(o.staff.supervisor && escalated)) continue;
    }
    const list = byCustomer.get(f.customer_id);
    if (list) list.push(f);
    else byCustomer.set(f.customer_id, [f]);
  }

  const items: DueItem[] = [];
  const toCorrect: NumberToCorrect[] = [];
  for (const tasks of byCustomer.values()) {
    const first = tasks[0] as DueTaskFact;
    const dueTasks: DueTask[] = tasks.map((f) => {
      const scored = scoreTask(f, today, cutoff, policy);
      years.add(yearOf(f.due_on));
      years.add(yearOf(f.deadline));
      return {
        id: f.task_id,
        rule: f.rule,
        purpose: f.purpose,
        channel: f.channel,
        due_on: f.due_on,
        deadline: f.deadline,
        overdue_days: scored.overdue_days,
        attempts: f.attempts,
        unreachable: f.status === 'unreachable',
        escalated: scored.escalated,
        urgency: scored.urgency,
        terms: scored.terms,
        ref: f.event_ref,
      };
    });
    dueTasks.sort((a, b) => b.urgency - a.urgency || byCodePoint(a.due_on, b.due_on) || a.id - b.id);
    const score = customerUrgency(dueTasks.map((t) => t.urgency), policy);
    const main = dueTasks[0] as DueTask;
    // An on-site task sets the channel; once unreachable by it, the policy's alternative is suggested.
    const onsite = dueTasks.some((t) => t.channel === 'onsite');
    const unreachable = dueTasks.some((t) => t.unreachable);
    const baseChannel = onsite ? 'onsite' : main.channel;
    const customer = {
      id: first.customer_id,
      code: first.code,
      name: first.name,
      tier: first.tier,
      stage: stageOf(first, today, policy, calendar),
      owner: first.owner,
    };
    const contact = contactToDial(first.contacts);
    if (contact.kind === 'correct') {
      toCorrect.push({ customer, contact: { name: contact.contact.name, phone: contact.contact.phone }, tasks: dueTasks, urgency: score.score });
      continue;
    }
    items.push({
      rank: 0,
      urgency: score.score,
      customer,
      contact: contact.kind === 'dial' ? { name: contact.contact.name, phone: contact.contact.phone } : { name: null, phone: null },
      tasks: dueTasks,
      last_visit: first.last_visit_at ? { date: first.last_visit_at.slice(0, 10), score: first.last_visit_score } : null,
      open_issues: first.open_issues,
      channel: unreachable ? alternativeChannel(baseChannel as Channel, policy) : baseChannel,
      attempts: Math.max(...dueTasks.map((t) => t.attempts)),
      extra: score.extra,
    });
  }
  const byUrgency = (a: { urgency: number; customer: { code: string } }, b: typeof a) => b.urgency - a.urgency || byCodePoint(a.customer.code, b.customer.code);
  items.sort(byUrgency);
  toCorrect.sort(byUrgency);
  items.forEach((it, i) => (it.rank = i + 1));
  const limit = o.limit ?? items.length;
  const shown = items.slice(0, limit);
  return {
    today,
    working_day: calendar.isWorkday(today),
    list_date: o.listDate,
    until: o.until,
    items: shown,
    greetings: o.greetings,
    to_correct: toCorrect,
    more: items.length - shown.length,
    uncovered_years: [...years].filter((y) => !calendar.covers(y)).sort(),
  };
}

/** Greeting occasions in [from, until]: birthdays (month-day) and the policy's festivals. */
export function greetingDays(from: IsoDate, until: IsoDate, policy: Policy): { monthDays: string[]; festivals: Map<IsoDate, FestivalId> } {
  const monthDays: string[] = [];
  const festivals = new Map<IsoDate, FestivalId>();
  for (let d = from; d <= until; d = addDays(d, 1)) {
    monthDays.push(d.slice(5));
    const f = festivalOn(d);
    if (f && policy.greetings.festivals.includes(f)) festivals.set(d, f);
  }
  return { monthDays, festivals };
}

