// Keeps the stored plan (task rows) in step with what the planner wants, customer by customer, in batches.
import { WorkCalendar } from '../domain/calendar.js';
import { addMonths, daysInMonth, type IsoDate } from '../domain/dates.js';
import { officialCalendar } from '../domain/official-calendar.js';
import { isLongNeglected, spreadFirstContacts, type CohortMember } from '../domain/onboarding.js';
import {
  firstContactDates,
  planCustomer,
  planCustomers,
  taskKey,
  type CustomerFacts,
  type FirstContactSlot,
  type PlanContext,
  type PlanCustomer,
  type PlanEvent,
  type PlanIssue,
  type PlannedTask,
  type PlanVisit,
} from '../domain/planner.js';
import { purposeText, type Policy } from '../domain/policy.js';
import type { Channel, IssueLevel } from '../domain/vocabulary.js';
import { CalendarRepo } from './calendar-store.js';
import { inWriteTransaction, writeTransactionIfFree, type Db } from './db.js';
import type { TaskRow } from './rows.js';
import { groupByCustomer } from './group-by-customer.js';
import { getMeta, setMeta } from './meta.js';
import { loadPolicy } from './policy-store.js';

/** Row types live in rows.ts; re-exported where callers have always found them. */
export type { TaskRow } from './rows.js';

/** Customers planned per round: bounds memory on large stores. */
const BATCH = 500;

/** What reconciling needs of a stored task: reading every column of them cost twice as much. */
type StoredTask = Pick<
  TaskRow,
  'id' | 'customer_id' | 'rule' | 'source_key' | 'channel' | 'due_on' | 'deadline' | 'window_opens' | 'assigned_to' | 'status' | 'attempts' | 'rescheduled_to' | 'done_visit_id'
>;
const STORED_TASK_COLUMNS =
  'id, customer_id, rule, source_key, channel, due_on, deadline, window_opens, assigned_to, status, attempts, rescheduled_to, done_visit_id';

/** The last day of next month: everything due by then is planned ahead (SPEC §3.0). */
export function horizonEnd(today: IsoDate): IsoDate {
  const next = addMonths(`${today.slice(0, 7)}-01`, 1);
  return `${next.slice(0, 7)}-${String(daysInMonth(Number(next.slice(0, 4)), Number(next.slice(5, 7)))).padStart(2, '0')}`;
}

export function loadCalendar(db: Db): WorkCalendar {
  return new WorkCalendar(officialCalendar(), new CalendarRepo(db).all());
}

export function planContext(db: Db, today: IsoDate, policy: Policy = loadPolicy(db)): PlanContext {
  const supervisor = db
    .prepare("SELECT name FROM staff WHERE role = 'supervisor' ORDER BY id LIMIT 1")
    .pluck()
    .get() as string | undefined;
  return { policy, calendar: loadCalendar(db), today, horizonEnd: horizonEnd(today), supervisor: supervisor ?? null };
}

export interface SyncCounts {
  customers: number;
  inserted: number;
  closed: number;
  removed: number;
  /** Untouched future tasks whose dates changed with the facts (SPEC §3.0). */
  moved: number;
}

interface Facts {
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

interface FirstContactRow {
  customer_id: number;
  due_on: IsoDate;
  created_on: IsoDate;
}

class FactLoader {
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

  /**
   * The first-contact spread (SPEC §3.0) of the customers recorded on the same days as the given
   * ones (or as anyone), for the days whose window still runs: once it is over, every first contact
   * of that day is due by today and keeps its date. Given customers that neither take part in the
   * spread nor had a first contact that may still move leave it as it is: nothing to compute.
   */
  spread(which: readonly number[] | 'all', ctx: PlanContext): { dates: string[]; slots: Map<number, FirstContactSlot> } {
    const none = { dates: [], slots: new Map<number, FirstContactSlot>() };
    const ids = { ids: JSON.stringify(which), today: ctx.today };
    const days = (which === 'all' ? this.stmts.allCreatedOn.all() : this.stmts.createdOn.all(ids)) as IsoDate[];
    const dates = days.filter((d) => ctx.calendar.addWorkdays(d, ctx.policy.onboarding_working_days) > ctx.today);
    if (dates.length === 0) return none;
    if (which !== 'all' && this.stmts.hadFirstContact.get(ids) === undefined && !this.anyLongNeglected(ids, ctx)) return none;
    const rows = this.stmts.cohort.iterate({ dates: JSON.stringify(dates) }) as IterableIterator<CohortRow>;
    const members = function* () {
      for (const r of rows) yield cohortMember(r);
    };
    return { dates, slots: spreadFirstContacts(members(), ctx.policy, ctx.calendar) };
  }

  private anyLongNeglected(ids: { ids: string }, ctx: PlanContext): boolean {
    for (const r of this.stmts.cohortOf.iterate(ids) as IterableIterator<CohortRow>) {
      if (isLongNeglected(cohortMember(r), ctx.policy, ctx.calendar)) return true;
    }
    return false;
  }

  /** Customers of those days whose stored first contact is no longer where the spread puts it. */
  movedFirstContacts(dates: string[], slots: Map<number, FirstContactSlot>, ctx: PlanContext): number[] {
    const moved = new Set<number>();
    if (dates.length === 0) return [];
    for (const r of this.stmts.firstContacts.iterate({ dates: JSON.stringify(dates), today: ctx.today }) as IterableIterator<FirstContactRow>) {
      const slot = slots.get(r.customer_id);
      if (slot !== undefined && r.due_on !== firstContactDates(r.created_on, slot, ctx.policy, ctx.calendar).due) moved.add(r.customer_id);
    }
    return [...moved];
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

class TaskWriter {
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

/** What the planner wants for one customer, with the basis of every date (for `due --explain`). */
export function planOne(db: Db, customerId: number, ctx: PlanContext): { planned: PlannedTask[]; stored: TaskRow[] } {
  const loader = new FactLoader(db);
  const facts = loader.load([customerId], loader.spread([customerId], ctx).slots);
  const c = facts.customers[0];
  if (!c) return { planned: [], stored: [] };
  return {
    planned: planCustomer(c, facts.events.get(c.id) ?? [], facts.visits.get(c.id) ?? [], facts.issues.get(c.id) ?? [], ctx),
    stored: loader.allTasksOf(c.id),
  };
}

/** Re-plan the given customers (or all), inside the caller's transaction. */
export function replan(db: Db, which: readonly number[] | 'all', ctx: PlanContext): SyncCounts {
  const loader = new FactLoader(db);
  const writer = new TaskWriter(db);
  const counts: SyncCounts = { customers: 0, inserted: 0, closed: 0, removed: 0, moved: 0 };
  // First contacts are spread over everyone an owner received the same day: a change to one
  // customer can move the others' (SPEC §3.0), so those are re-planned with it.
  const { dates, slots } = loader.spread(which, ctx);
  const ids =
    which === 'all'
      ? (db.prepare('SELECT id FROM customer ORDER BY id').pluck().all() as number[])
      : [...new Set([...which, ...loader.movedFirstContacts(dates, slots, ctx)])].sort((a, b) => a - b);
  for (let i = 0; i < ids.length; i += BATCH) {
    const facts = loader.load(ids.slice(i, i + BATCH), slots);
    for (const plan of planCustomers(factsOf(facts), ctx)) {
      const id = plan.customer.id;
      writer.reconcile(id, plan.tasks, facts.tasks.get(id) ?? [], ctx.policy, ctx.today, counts);
      writer.nextPlan(id, facts.nextPlanOn.get(id), plan.nextPlanOn);
      counts.customers++;
    }
  }
  return counts;
}

function* factsOf(facts: Facts): Generator<CustomerFacts> {
  for (const customer of facts.customers) {
    const id = customer.id;
    yield { customer, events: facts.events.get(id) ?? [], visits: facts.visits.get(id) ?? [], issues: facts.issues.get(id) ?? [] };
  }
}

/** How long a command that needs the new horizon waits for another process moving it (then exit 4). */
const REPLAN_WAIT_MS = 120_000;

/**
 * Customers re-planned per transaction when the horizon moves. At about 20k customers a second a
 * chunk holds the write lock for some 50 ms, so a clerk's `log` (which waits up to the 5 s busy
 * timeout) is held up by one chunk at most, never by the whole move (68 s at a million customers
 * when it was one transaction); each commit costs one fsync, a few ms, so much smaller chunks would
 * make a big move slower for nothing.
 */
export const HORIZON_CHUNK = 1000;
/**
 * The pause between chunks. SQLite's busy handler retries every 100 ms at most: a lock taken again
 * at once would let a waiting writer in only by luck. With the lock free a fifth of the time, it
 * gets in within a few retries.
 */
const CHUNK_PAUSE_MS = 10;
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

const add = (a: SyncCounts, b: SyncCounts): SyncCounts => ({
  customers: a.customers + b.customers,
  inserted: a.inserted + b.inserted,
  closed: a.closed + b.closed,
  removed: a.removed + b.removed,
  moved: a.moved + b.moved,
});
const NONE: SyncCounts = { customers: 0, inserted: 0, closed: 0, removed: 0, moved: 0 };

/**
 * One chunk of the horizon move, inside the caller's transaction; 'done' once nothing is left (then
 * the horizon is marked moved). Forward, only customers whose next plan date the new horizon reaches
 * are re-planned: each leaves that set (its next date is now past the horizon, or none), so the set
 * drains without a cursor. Backwards (a store last planned with a later --today) every customer is
 * re-planned, in id order from the cursor kept in meta, so an interrupted move resumes where it was.
 */
function horizonChunk(db: Db, ctx: PlanContext, chunk: number): SyncCounts | 'done' {
  const through = getMeta(db, 'planned_through');
  if (through === ctx.horizonEnd) return 'done'; // another process finished it
  const whole = through === undefined || through > ctx.horizonEnd;
  let ids: number[];
  if (whole) {
    const after = getMeta(db, 'replan_to') === ctx.horizonEnd ? Number(getMeta(db, 'replan_after') ?? 0) : 0;
    ids = db.prepare('SELECT id FROM customer WHERE id > ? ORDER BY id LIMIT ?').pluck().all(after, chunk) as number[];
    if (ids.length) {
      setMeta(db, 'replan_to', ctx.horizonEnd);
      setMeta(db, 'replan_after', String(ids[ids.length - 1]));
    }
  } else {
    ids = db.prepare('SELECT id FROM customer WHERE next_plan_on <= ? LIMIT ?').pluck().all(ctx.horizonEnd, chunk) as number[];
  }
  if (ids.length === 0) {
    setMeta(db, 'planned_through', ctx.horizonEnd);
    return 'done';
  }
  return replan(db, ids, ctx);
}

/**
 * Move the horizon chunk by chunk, each chunk its own short transaction. `wait`: the caller cannot
 * read without the new horizon, so it waits for the lock (and works alongside whoever else is moving
 * it); otherwise it gives up at the first chunk whose lock is taken, leaving the rest to the next
 * command. Undefined when it did nothing.
 */
export function moveHorizon(
  db: Db,
  ctx: PlanContext,
  wait: boolean,
  chunk = HORIZON_CHUNK,
  between: () => void = () => pause(CHUNK_PAUSE_MS),
): SyncCounts | undefined {
  let counts: SyncCounts | undefined;
  const step = () => horizonChunk(db, ctx, chunk);
  for (;;) {
    const done = wait ? { value: inWriteTransaction(db, step, REPLAN_WAIT_MS) } : writeTransactionIfFree(db, step);
    if (done === undefined) return counts;
    if (done.value === 'done') return counts ?? (wait ? undefined : NONE);
    counts = add(counts ?? NONE, done.value);
    between();
  }
}

/**
 * Time moves the plan on: a new month brings next month's wake-up calls into the horizon, and a
 * reminder closes as missed once its appointment has passed. Commands that read the plan call this
 * first, saying up to which day they read (`readsThrough`); it writes only when something is due to
 * change (once a month the customers whose next plan date the new horizon reaches, else the few with
 * a stale reminder), so the morning list stays a read.
 *
 * Under concurrency (several clerks' commands at the start of a month): the horizon runs to the end
 * of next month, so the stored plan usually already holds every task the command reads. Then it
 * moves the horizon only while the write lock is free, and otherwise reads the plan as it is instead
 * of waiting for another process's re-plan. A command that must wait takes part chunk by chunk, each
 * re-checked under the lock, so nothing is re-planned twice and a clerk's `log` between two chunks
 * waits for one chunk at most.
 */
export function ensurePlanCurrent(db: Db, ctx: PlanContext, readsThrough: IsoDate = ctx.today): SyncCounts | undefined {
  const through = getMeta(db, 'planned_through');
  let moved: SyncCounts | undefined;
  if (through !== ctx.horizonEnd) {
    const needed = readsThrough < ctx.horizonEnd ? readsThrough : ctx.horizonEnd;
    const mustWait = through === undefined || through < needed;
    moved = moveHorizon(db, ctx, mustWait);
    if (getMeta(db, 'planned_through') !== ctx.horizonEnd) return moved; // left for the next command
  }
  const stale = staleReminders(db, ctx);
  if (stale.length === 0) return moved;
  // Closing a passed reminder can wait for the next command; a reader does not queue behind a writer for it.
  const closed = writeTransactionIfFree(db, () => replan(db, stale, ctx))?.value;
  return closed && moved ? add(moved, closed) : (closed ?? moved);
}

/** Customers with a reminder whose event has passed: the planner now closes it as missed (SPEC §3.0). */
function staleReminders(db: Db, ctx: PlanContext): number[] {
  const beforeRules = ctx.policy.rules.filter((r) => r.kind === 'event' && r.timing === 'before').map((r) => r.id);
  if (beforeRules.length === 0) return [];
  const query = db
    .prepare(
      // A reminder is due before its event, so a stale one is also due before today (task_rule index).
      `SELECT DISTINCT t.customer_id FROM task t JOIN event e ON e.id = t.event_id
       WHERE t.rule = ? AND t.status = 'open' AND t.due_on < ? AND e.occurred_on < ?`,
    )
    .pluck();
  return [...new Set(beforeRules.flatMap((rule) => query.all(rule, ctx.today, ctx.today) as number[]))];
}

/** Mark the plan as current through the horizon (after init or a full re-plan inside a transaction). */
export function markPlannedThrough(db: Db, ctx: PlanContext): void {
  setMeta(db, 'planned_through', ctx.horizonEnd);
}
