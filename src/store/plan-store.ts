// The stored plan (task rows) and the facts it is planned from: set-based loads, writing the difference,
// the plan's marks in meta. SQL and row mapping only: when and whom to re-plan is app/plan-sync.ts's call.
import { WorkCalendar } from '../domain/calendar.js';
import type { IsoDate } from '../domain/dates.js';
import { officialCalendar } from '../domain/official-calendar.js';
import type { CohortMember } from '../domain/onboarding.js';
import {
  taskKey,
  type FirstContactSlot,
  type PlanCustomer,
  type PlanEvent,
  type PlanIssue,
  type PlannedTask,
  type PlanVisit,
} from '../domain/plan-facts.js';
import { purposeText, type Policy } from '../domain/policy.js';
import type { Channel, IssueLevel } from '../domain/vocabulary.js';
import { CalendarRepo } from './calendar-store.js';
import type { Db } from './db.js';
import type { TaskRow } from './rows.js';
import { groupByCustomer } from './group-by-customer.js';
import { getMeta, setMeta } from './meta.js';

/** What reconciling needs of a stored task: reading every column of them cost twice as much. */
type StoredTask = Pick<
  TaskRow,
  'id' | 'customer_id' | 'rule' | 'source_key' | 'channel' | 'due_on' | 'deadline' | 'window_opens' | 'assigned_to' | 'status' | 'attempts' | 'rescheduled_to' | 'done_visit_id'
>;
const STORED_TASK_COLUMNS =
  'id, customer_id, rule, source_key, channel, due_on, deadline, window_opens, assigned_to, status, attempts, rescheduled_to, done_visit_id';

export function loadCalendar(db: Db): WorkCalendar {
  return new WorkCalendar(officialCalendar(), new CalendarRepo(db).all());
}

/** Who gets supervisor-assigned tasks: the first supervisor set up, if any. */
export function supervisorName(db: Db): string | null {
  const name = db
    .prepare("SELECT name FROM staff WHERE role = 'supervisor' ORDER BY id LIMIT 1")
    .pluck()
    .get() as string | undefined;
  return name ?? null;
}

export interface SyncCounts {
  customers: number;
  inserted: number;
  closed: number;
  removed: number;
  /** Untouched future tasks whose dates changed with the facts (SPEC §3.0). */
  moved: number;
}

export interface Facts {
  customers: PlanCustomer[];
  /** The next plan date each customer has stored (to write only the ones that change). */
  nextPlanOn: Map<number, IsoDate | null>;
  events: Map<number, PlanEvent[]>;
  visits: Map<number, PlanVisit[]>;
  issues: Map<number, PlanIssue[]>;
  tasks: Map<number, StoredTask[]>;
}

/** A reached visit of the imported history that no later record corrected (c: the customer). */
const HISTORY = `SELECT 1 FROM visit v WHERE v.customer_id = c.id AND v.source = 'import' AND v.outcome = 'reached'
  AND NOT EXISTS (SELECT 1 FROM visit n WHERE n.supersedes = v.id)`;
/** What the first-contact spread knows of a customer (c), WHERE clause to follow. */
const COHORT = `SELECT c.id, c.code, c.tier, c.tags, c.status, c.since, c.created_on, c.owner,
  EXISTS (${HISTORY}) AS history_any, EXISTS (${HISTORY} AND v.channel = 'onsite') AS history_onsite
  FROM customer c WHERE`;
type CohortRow = Omit<PlanCustomer, 'tags'> & { tags: string; history_any: 0 | 1; history_onsite: 0 | 1 };
const cohortMember = ({ history_any, history_onsite, ...c }: CohortRow): CohortMember => ({
  ...c,
  tags: c.tags ? c.tags.split(',') : [],
  history: { any: history_any === 1, onsite: history_onsite === 1 },
});

export interface FirstContactRow {
  customer_id: number;
  due_on: IsoDate;
  created_on: IsoDate;
}

export class FactLoader {
  private readonly stmts;
  constructor(db: Db) {
    const ids = 'SELECT value FROM json_each(@ids)';
    this.stmts = {
      customers: db.prepare(
        `SELECT id, code, tier, tags, status, since, created_on, owner, next_plan_on FROM customer WHERE id IN (${ids}) ORDER BY id`,
      ),
      events: db.prepare(
        `SELECT id, customer_id, type, occurred_on AS date, natural_key, ref FROM event
         WHERE customer_id IN (${ids}) ORDER BY customer_id, occurred_on, id`,
      ),
      // A superseded visit (corrected by a later record) no longer counts.
      visits: db.prepare(
        `SELECT v.id, v.customer_id, v.at, v.channel, v.outcome, v.score, v.source, v.serves_explicit
         FROM visit v WHERE v.customer_id IN (${ids})
           AND NOT EXISTS (SELECT 1 FROM visit n WHERE n.supersedes = v.id)
         ORDER BY v.customer_id, v.at, v.id`,
      ),
      serves: db.prepare(
        `SELECT vt.visit_id, t.rule, t.source_key FROM visit_task vt
         JOIN visit v ON v.id = vt.visit_id AND v.serves_explicit = 1
         JOIN task t ON t.id = vt.task_id
         WHERE v.customer_id IN (${ids})`,
      ),
      issues: db.prepare(
        `SELECT id, customer_id, raised_at, level, confirmed_at,
                (SELECT max(at) FROM issue_transition WHERE issue_id = issue.id AND to_status = 'reopened') AS reopened_at
         FROM issue WHERE customer_id IN (${ids}) ORDER BY raised_at, id`,
      ),
      tasks: db.prepare(`SELECT ${STORED_TASK_COLUMNS} FROM task WHERE customer_id IN (${ids})`),
      allTasksOf: db.prepare('SELECT * FROM task WHERE customer_id = ?'),
      // Candidates for the first-contact spread: recorded after their cooperation began (SPEC §3.0).
      cohort: db.prepare(`${COHORT} c.created_on IN (SELECT value FROM json_each(@dates)) AND c.since < c.created_on`),
      cohortOf: db.prepare(`${COHORT} c.id IN (${ids}) AND c.since < c.created_on`),
      // A first contact stored for one of them (it counts from since: no event, issue or visit behind
      // it, and its window opens on the day the customer was recorded) that may still move.
      hadFirstContact: db
        .prepare(
          `SELECT 1 FROM task t JOIN customer c ON c.id = t.customer_id
           WHERE c.id IN (${ids}) AND t.window_opens = c.created_on AND t.due_on > @today
             AND t.event_id IS NULL AND t.issue_id IS NULL AND t.origin_visit_id IS NULL LIMIT 1`,
        )
        .pluck(),
      // Stored first contacts that may still move: open, untouched, due after today.
      firstContacts: db.prepare(
        `SELECT t.customer_id, t.due_on, c.created_on FROM task t JOIN customer c ON c.id = t.customer_id
         WHERE c.created_on IN (SELECT value FROM json_each(@dates)) AND t.source_key = 's' || c.since
           AND t.status = 'open' AND t.attempts = 0 AND t.rescheduled_to IS NULL AND t.due_on > @today`,
      ),
      createdOn: db.prepare(`SELECT DISTINCT created_on FROM customer WHERE id IN (${ids})`).pluck(),
      allCreatedOn: db.prepare('SELECT DISTINCT created_on FROM customer').pluck(),
    };
  }

  /** The days on which the given customers (or anyone) were recorded. */
  createdOnDays(which: readonly number[] | 'all'): IsoDate[] {
    const days = which === 'all' ? this.stmts.allCreatedOn.all() : this.stmts.createdOn.all({ ids: JSON.stringify(which) });
    return days as IsoDate[];
  }

  /** Whether one of the given customers has a stored first contact that may still move. */
  hadMovableFirstContact(ids: readonly number[], today: IsoDate): boolean {
    return this.stmts.hadFirstContact.get({ ids: JSON.stringify(ids), today }) !== undefined;
  }

  /** The given customers as the first-contact spread sees them (those recorded after their cooperation began). */
  *cohortOf(ids: readonly number[]): Generator<CohortMember> {
    const rows = this.stmts.cohortOf.iterate({ ids: JSON.stringify(ids) }) as IterableIterator<CohortRow>;
    for (const r of rows) yield cohortMember(r);
  }

  /** The spread's candidates: everyone recorded on those days after their cooperation began, read one at a time. */
  *cohort(dates: readonly IsoDate[]): Generator<CohortMember> {
    const rows = this.stmts.cohort.iterate({ dates: JSON.stringify(dates) }) as IterableIterator<CohortRow>;
    for (const r of rows) yield cohortMember(r);
  }

  /** Stored first contacts of the customers recorded on those days that may still move. */
  movableFirstContacts(dates: readonly IsoDate[], today: IsoDate): IterableIterator<FirstContactRow> {
    return this.stmts.firstContacts.iterate({ dates: JSON.stringify(dates), today }) as IterableIterator<FirstContactRow>;
  }

  load(ids: number[], slots: ReadonlyMap<number, FirstContactSlot>): Facts {
    const p = { ids: JSON.stringify(ids) };
    const nextPlanOn = new Map<number, IsoDate | null>();
    type CustomerRow = Omit<PlanCustomer, 'tags'> & { tags: string; next_plan_on: IsoDate | null };
    const customers = (this.stmts.customers.all(p) as CustomerRow[]).map(({ next_plan_on, ...c }) => {
      nextPlanOn.set(c.id, next_plan_on);
      return { ...c, tags: c.tags ? c.tags.split(',') : [], first_contact: slots.get(c.id) };
    });
    const serves = new Map<number, Set<string>>();
    for (const s of this.stmts.serves.all(p) as { visit_id: number; rule: string; source_key: string }[]) {
      const set = serves.get(s.visit_id) ?? new Set<string>();
      set.add(taskKey(s.rule, s.source_key));
      serves.set(s.visit_id, set);
    }
    type VisitRow = {
      id: number;
      customer_id: number;
      at: string;
      channel: Channel;
      outcome: string;
      score: number | null;
      source: 'log' | 'import';
      serves_explicit: 0 | 1;
    };
    const visits = (this.stmts.visits.all(p) as VisitRow[]).map((v) => ({
      customer_id: v.customer_id,
      id: v.id,
      date: v.at.slice(0, 10),
      at: v.at,
      channel: v.channel,
      reached: v.outcome === 'reached',
      score: v.score,
      source: v.source,
      serves: v.serves_explicit ? (serves.get(v.id) ?? new Set<string>()) : undefined,
    }));
    return {
      customers: customers as PlanCustomer[],
      nextPlanOn,
      events: groupByCustomer(this.stmts.events.all(p) as (PlanEvent & { customer_id: number })[]),
      visits: groupByCustomer(visits),
      issues: groupByCustomer(this.stmts.issues.all(p) as (PlanIssue & { customer_id: number; level: IssueLevel })[]),
      tasks: groupByCustomer(this.stmts.tasks.all(p) as StoredTask[]),
    };
  }

  /** Every column of one customer's stored tasks (for `due --explain`). */
  allTasksOf(customerId: number): TaskRow[] {
    return this.stmts.allTasksOf.all(customerId) as TaskRow[];
  }
}

/** Nobody has acted on the task yet: no failed attempt, no reschedule (SPEC §3.0). */
const untouched = (t: StoredTask) => t.attempts === 0 && t.rescheduled_to === null;

export class TaskWriter {
  private readonly insert;
  private readonly close;
  private readonly reopen;
  private readonly remove;
  private readonly reassign;
  private readonly redate;
  private readonly link;
  private readonly unlinkDerived;
  private readonly setNextPlanOn;

  constructor(db: Db) {
    this.setNextPlanOn = db.prepare('UPDATE customer SET next_plan_on = ? WHERE id = ?');
    this.insert = db.prepare(
      `INSERT INTO task (customer_id, rule, source_key, purpose, channel, due_on, deadline, window_opens, assigned_to,
                         status, list_on, event_id, issue_id, origin_visit_id, done_visit_id, closed_on, close_reason)
       VALUES (@customer_id, @rule, @source_key, @purpose, @channel, @due_on, @deadline, @window_opens, @assigned_to,
               @status, @due_on, @event_id, @issue_id, @origin_visit_id, @done_visit_id, @closed_on, @close_reason)`,
    );
    this.close = db.prepare(
      'UPDATE task SET status = @status, done_visit_id = @done_visit_id, closed_on = @closed_on, close_reason = @close_reason WHERE id = @id',
    );
    this.reopen = db.prepare("UPDATE task SET status = 'open', done_visit_id = NULL, closed_on = NULL, close_reason = NULL WHERE id = ?");
    this.remove = db.prepare('DELETE FROM task WHERE id = ?');
    this.reassign = db.prepare('UPDATE task SET assigned_to = ? WHERE id = ?');
    this.redate = db.prepare(
      'UPDATE task SET channel = @channel, due_on = @due_on, deadline = @deadline, window_opens = @window_opens, list_on = @due_on WHERE id = @id',
    );
    this.link = db.prepare('INSERT OR IGNORE INTO visit_task (visit_id, task_id) VALUES (?, ?)');
    this.unlinkDerived = db.prepare(
      // Correlated, so each link is checked by the visit's key (an IN list read every visit of the store).
      'DELETE FROM visit_task WHERE task_id = ? AND EXISTS (SELECT 1 FROM visit v WHERE v.id = visit_task.visit_id AND v.serves_explicit = 0)',
    );
  }

  /** Store when time alone next changes the customer's plan, if that moved. */
  nextPlan(customerId: number, stored: IsoDate | null | undefined, next: IsoDate | null): void {
    if (stored !== next) this.setNextPlanOn.run(next, customerId);
  }

  /**
   * Bring one customer's stored tasks in line with the planned ones. A planned task that is not
   * stored is added; an open one the planner now sees done (or missed, or cancelled) is closed.
   * Changed facts re-plan the future, never the past (SPEC §3.0): an open task nobody has touched
   * (no attempt, no reschedule) and due after today takes the dates the planner now computes, and
   * so does one a call already did ahead of its date (else the order of imports would show in its
   * dates); every other stored date stays. A stored open task the planner no longer wants is
   * removed if nobody has touched it, else cancelled with the reason 'replanned'.
   */
  reconcile(customerId: number, planned: PlannedTask[], stored: StoredTask[], policy: Policy, today: IsoDate, counts: SyncCounts): void {
    const byKey = new Map(stored.map((t) => [taskKey(t.rule, t.source_key), t]));
    const wanted = new Set<string>();
    for (const p of planned) {
      const key = taskKey(p.rule, p.source_key);
      wanted.add(key);
      const s = byKey.get(key);
      const o = p.outcome;
      const doneVisit = o.status === 'done' ? o.visit_id : null;
      const closedOn = o.status === 'open' ? null : o.date;
      const reason = o.status === 'cancelled' ? o.reason : null;
      if (!s) {
        if (o.status === 'cancelled') continue; // never planned, nothing to cancel
        const id = Number(
          this.insert.run({
            customer_id: customerId,
            rule: p.rule,
            source_key: p.source_key,
            purpose: purposeText(policy, p.rule, 'zh'),
            channel: p.channel,
            due_on: p.due_on,
            deadline: p.deadline,
            window_opens: p.window_opens,
            assigned_to: p.assigned_to,
            status: o.status,
            event_id: p.event_id,
            issue_id: p.issue_id,
            origin_visit_id: p.origin_visit_id,
            done_visit_id: doneVisit,
            closed_on: closedOn,
            close_reason: reason,
          }).lastInsertRowid,
        );
        if (doneVisit !== null) this.link.run(doneVisit, id);
        counts.inserted++;
        continue;
      }
      const isOpen = s.status === 'open' || s.status === 'unreachable';
      // A new owner (or a newly appointed supervisor) takes over the open tasks.
      if (isOpen && s.assigned_to !== p.assigned_to) this.reassign.run(p.assigned_to, s.id);
      if (
        (s.status === 'open' || s.status === 'done') &&
        untouched(s) &&
        s.due_on > today &&
        (s.due_on !== p.due_on || s.deadline !== p.deadline || s.window_opens !== p.window_opens || s.channel !== p.channel)
      ) {
        this.redate.run({ id: s.id, channel: p.channel, due_on: p.due_on, deadline: p.deadline, window_opens: p.window_opens });
        counts.moved++;
      }
      if (isOpen && o.status !== 'open') {
        this.close.run({ id: s.id, status: o.status, done_visit_id: doneVisit, closed_on: closedOn, close_reason: reason });
        if (doneVisit !== null) this.link.run(doneVisit, s.id);
        counts.closed++;
      } else if (s.status === 'done' && o.status === 'done' && s.done_visit_id !== doneVisit) {
        this.unlinkDerived.run(s.id);
        this.close.run({ id: s.id, status: 'done', done_visit_id: doneVisit, closed_on: closedOn, close_reason: null });
        this.link.run(doneVisit, s.id);
      } else if (s.status === 'done' && o.status === 'open') {
        // The visit that did it was corrected to an unreached call.
        this.unlinkDerived.run(s.id);
        this.reopen.run(s.id);
      }
    }
    for (const s of stored) {
      if (wanted.has(taskKey(s.rule, s.source_key))) continue;
      if (s.status !== 'open' && s.status !== 'unreachable') continue;
      if (untouched(s)) {
        this.remove.run(s.id);
        counts.removed++;
      } else {
        this.close.run({ id: s.id, status: 'cancelled', done_visit_id: null, closed_on: today, close_reason: 'replanned' });
        counts.closed++;
      }
    }
  }
}

export function allCustomerIds(db: Db): number[] {
  return db.prepare('SELECT id FROM customer ORDER BY id').pluck().all() as number[];
}

/** The horizon end the stored plan is current through; undefined before the first plan. */
export function plannedThrough(db: Db): IsoDate | undefined {
  return getMeta(db, 'planned_through');
}

export function markPlannedThrough(db: Db, horizonEnd: IsoDate): void {
  setMeta(db, 'planned_through', horizonEnd);
}

/**
 * The next customers, in id order, of a whole re-plan towards horizonEnd. The cursor is kept in meta
 * in the same transaction as their re-plan, so an interrupted move resumes where it was.
 */
export function nextWholeReplanChunk(db: Db, horizonEnd: IsoDate, chunk: number): number[] {
  const after = getMeta(db, 'replan_to') === horizonEnd ? Number(getMeta(db, 'replan_after') ?? 0) : 0;
  const ids = db.prepare('SELECT id FROM customer WHERE id > ? ORDER BY id LIMIT ?').pluck().all(after, chunk) as number[];
  if (ids.length) {
    setMeta(db, 'replan_to', horizonEnd);
    setMeta(db, 'replan_after', String(ids[ids.length - 1]));
  }
  return ids;
}

/** Up to `chunk` customers whose stored next plan date the horizon reaches. */
export function customersReachedBy(db: Db, horizonEnd: IsoDate, chunk: number): number[] {
  return db.prepare('SELECT id FROM customer WHERE next_plan_on <= ? LIMIT ?').pluck().all(horizonEnd, chunk) as number[];
}

/** Customers with an open reminder (of one of the rules) due before today whose event is before today. */
export function customersWithPassedReminders(db: Db, rules: readonly string[], today: IsoDate): number[] {
  if (rules.length === 0) return [];
  const query = db
    .prepare(
      // A reminder is due before its event, so a stale one is also due before today (task_rule index).
      `SELECT DISTINCT t.customer_id FROM task t JOIN event e ON e.id = t.event_id
       WHERE t.rule = ? AND t.status = 'open' AND t.due_on < ? AND e.occurred_on < ?`,
    )
    .pluck();
  return [...new Set(rules.flatMap((rule) => query.all(rule, today, today) as number[]))];
}
