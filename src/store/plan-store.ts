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
import { sql, statement, type Dialect, type Param, type RawBuilder, type Statement } from './sql.js';

/** What reconciling needs of a stored task: reading every column of them cost twice as much. */
type StoredTask = Pick<
  TaskRow,
  'id' | 'customer_id' | 'rule' | 'source_key' | 'channel' | 'due_on' | 'deadline' | 'window_opens' | 'assigned_to' | 'status' | 'attempts' | 'rescheduled_to' | 'done_visit_id'
>;
const STORED_TASK_COLUMNS = sql.raw(
  'id, customer_id, rule, source_key, channel, due_on, deadline, window_opens, assigned_to, status, attempts, rescheduled_to, done_visit_id',
);

/**
 * A list of values bound as one parameter, whatever its length (a batch of 500 ids would otherwise
 * be 500 placeholders, and a new statement text for every length): SQLite reads it as a JSON array
 * (json_each), PostgreSQL as an array, which pg-native takes in its text form '{1,2}'.
 */
export function listParam(db: Db, values: readonly (string | number | null)[]): string {
  return db.dialect === 'sqlite' ? JSON.stringify(values) : pgArray(values);
}

/** PostgreSQL's text form of an array: every string quoted (a comma or brace inside stays a value), NULL bare. */
export function pgArray(values: readonly (string | number | null)[]): string {
  const item = (v: string | number | null) =>
    v === null ? 'NULL' : typeof v === 'number' ? String(v) : `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`;
  return `{${values.map(item).join(',')}}`;
}

/**
 * `column IN list` for a list bound by listParam. PostgreSQL: `= ANY(array)`, which uses the column's
 * index as an IN list does; SQLite has no arrays, so json_each. `type` is the array's element type.
 */
function inList(d: Dialect, column: RawBuilder<unknown>, list: unknown, type: 'integer' | 'text'): RawBuilder<unknown> {
  return d === 'sqlite'
    ? sql`${column} IN (SELECT value FROM json_each(${list}))`
    : sql`${column} = ANY(CAST(${list} AS ${sql.raw(type)}[]))`;
}

/** A hot statement whose text differs by dialect: each dialect's text compiled once, on first use. */
function perDialect<P extends Record<string, Param>, R = unknown>(build: (d: Dialect, p: P) => RawBuilder<R>): (d: Dialect) => Statement<P, R> {
  const made = { sqlite: statement<P, R>((p) => build('sqlite', p)), postgres: statement<P, R>((p) => build('postgres', p)) };
  return (d) => made[d];
}

export function loadCalendar(db: Db): WorkCalendar {
  return new WorkCalendar(officialCalendar(), new CalendarRepo(db).all());
}

/** Who gets supervisor-assigned tasks: the first supervisor set up, if any. */
export function supervisorName(db: Db): string | null {
  return db.value<string>(sql`SELECT name FROM staff WHERE role = 'supervisor' ORDER BY id LIMIT 1`) ?? null;
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
const HISTORY = sql`SELECT 1 FROM visit v WHERE v.customer_id = c.id AND v.source = 'import' AND v.outcome = 'reached'
  AND NOT EXISTS (SELECT 1 FROM visit n WHERE n.supersedes = v.id)`;
/** What the first-contact spread knows of a customer (c), WHERE clause to follow. */
const COHORT = sql`SELECT c.id, c.code, c.tier, c.tags, c.status, c.since, c.created_on, c.owner,
  EXISTS (${HISTORY}) AS history_any, EXISTS (${HISTORY} AND v.channel = 'onsite') AS history_onsite
  FROM customer c WHERE`;
/** history_* are 0/1 on both stores: the PostgreSQL driver gives booleans as SQLite does. */
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

type Ids = { ids: string };
type CustomerFactRow = Omit<PlanCustomer, 'tags'> & { tags: string; next_plan_on: IsoDate | null };
type VisitFactRow = {
  id: number;
  customer_id: number;
  at: string;
  channel: Channel;
  outcome: string;
  score: number | null;
  source: 'log' | 'import';
  serves_explicit: 0 | 1;
};

// The loads of a batch: one statement each for the whole batch of customers (the ids as one list).
const loads = {
  customers: perDialect<Ids, CustomerFactRow>(
    (d, p) => sql`SELECT id, code, tier, tags, status, since, created_on, owner, next_plan_on FROM customer
                  WHERE ${inList(d, sql`id`, p.ids, 'integer')} ORDER BY id`,
  ),
  /**
   * The same, locking the customers' rows until the transaction ends (PostgreSQL only). SQLite has one
   * writer at a time; on PostgreSQL a clerk's `log`, an import and the horizon move write at once, and
   * two of them re-planning the same customer from the same stored tasks would both insert the same
   * task. The lock makes the second wait for the first and then read what it wrote (read committed:
   * each statement sees what was committed before it). NO KEY: it does not conflict with a visit or
   * event row being added for the customer (the foreign key check's KEY SHARE lock), only with another
   * re-plan; batches lock in id order, so two re-plans cannot deadlock.
   */
  customersLocked: statement<Ids, CustomerFactRow>(
    (p) => sql`SELECT id, code, tier, tags, status, since, created_on, owner, next_plan_on FROM customer
               WHERE ${inList('postgres', sql`id`, p.ids, 'integer')} ORDER BY id FOR NO KEY UPDATE`,
  ),
  events: perDialect<Ids, PlanEvent & { customer_id: number }>(
    (d, p) => sql`SELECT id, customer_id, type, occurred_on AS date, natural_key, ref FROM event
                  WHERE ${inList(d, sql`customer_id`, p.ids, 'integer')} ORDER BY customer_id, occurred_on, id`,
  ),
  // A superseded visit (corrected by a later record) no longer counts.
  visits: perDialect<Ids, VisitFactRow>(
    (d, p) => sql`SELECT v.id, v.customer_id, v.at, v.channel, v.outcome, v.score, v.source, v.serves_explicit
                  FROM visit v WHERE ${inList(d, sql`v.customer_id`, p.ids, 'integer')}
                    AND NOT EXISTS (SELECT 1 FROM visit n WHERE n.supersedes = v.id)
                  ORDER BY v.customer_id, v.at, v.id`,
  ),
  serves: perDialect<Ids, { visit_id: number; rule: string; source_key: string }>(
    (d, p) => sql`SELECT vt.visit_id, t.rule, t.source_key FROM visit_task vt
                  JOIN visit v ON v.id = vt.visit_id AND v.serves_explicit = 1
                  JOIN task t ON t.id = vt.task_id
                  WHERE ${inList(d, sql`v.customer_id`, p.ids, 'integer')}`,
  ),
  issues: perDialect<Ids, PlanIssue & { customer_id: number; level: IssueLevel }>(
    (d, p) => sql`SELECT id, customer_id, raised_at, level, confirmed_at,
                         (SELECT max(at) FROM issue_transition WHERE issue_id = issue.id AND to_status = 'reopened') AS reopened_at
                  FROM issue WHERE ${inList(d, sql`customer_id`, p.ids, 'integer')} ORDER BY raised_at, id`,
  ),
  tasks: perDialect<Ids, StoredTask>(
    (d, p) => sql`SELECT ${STORED_TASK_COLUMNS} FROM task WHERE ${inList(d, sql`customer_id`, p.ids, 'integer')}`,
  ),
};

export class FactLoader {
  constructor(private readonly db: Db) {}

  /** The days on which the given customers (or anyone) were recorded. */
  createdOnDays(which: readonly number[] | 'all'): IsoDate[] {
    if (which === 'all') return this.db.values<IsoDate>(sql`SELECT DISTINCT created_on FROM customer`);
    const d = this.db.dialect;
    return this.db.values<IsoDate>(
      sql`SELECT DISTINCT created_on FROM customer WHERE ${inList(d, sql`id`, listParam(this.db, which), 'integer')}`,
    );
  }

  /**
   * Whether one of the given customers has a stored first contact that may still move: one that
   * counts from since (no event, issue or visit behind it, and its window opens on the day the
   * customer was recorded) due after today.
   */
  hadMovableFirstContact(ids: readonly number[], today: IsoDate): boolean {
    const d = this.db.dialect;
    const row = this.db.get(
      sql`SELECT 1 AS found FROM task t JOIN customer c ON c.id = t.customer_id
          WHERE ${inList(d, sql`c.id`, listParam(this.db, ids), 'integer')} AND t.window_opens = c.created_on AND t.due_on > ${today}
            AND t.event_id IS NULL AND t.issue_id IS NULL AND t.origin_visit_id IS NULL LIMIT 1`,
    );
    return row !== undefined;
  }

  /** The given customers as the first-contact spread sees them (those recorded after their cooperation began). */
  *cohortOf(ids: readonly number[]): Generator<CohortMember> {
    const d = this.db.dialect;
    const rows = this.db.iterate<CohortRow>(
      sql`${COHORT} ${inList(d, sql`c.id`, listParam(this.db, ids), 'integer')} AND c.since < c.created_on`,
    );
    for (const r of rows) yield cohortMember(r);
  }

  /**
   * The spread's candidates: everyone recorded on those days after their cooperation began (SPEC
   * §3.0), read one at a time on SQLite (PostgreSQL's driver reads the result in one go).
   */
  *cohort(dates: readonly IsoDate[]): Generator<CohortMember> {
    const d = this.db.dialect;
    const rows = this.db.iterate<CohortRow>(
      sql`${COHORT} ${inList(d, sql`c.created_on`, listParam(this.db, dates), 'text')} AND c.since < c.created_on`,
    );
    for (const r of rows) yield cohortMember(r);
  }

  /** Stored first contacts of the customers recorded on those days that may still move: open, untouched, due after today. */
  movableFirstContacts(dates: readonly IsoDate[], today: IsoDate): IterableIterator<FirstContactRow> {
    const d = this.db.dialect;
    return this.db.iterate<FirstContactRow>(
      sql`SELECT t.customer_id, t.due_on, c.created_on FROM task t JOIN customer c ON c.id = t.customer_id
          WHERE ${inList(d, sql`c.created_on`, listParam(this.db, dates), 'text')} AND t.source_key = 's' || c.since
            AND t.status = 'open' AND t.attempts = 0 AND t.rescheduled_to IS NULL AND t.due_on > ${today}`,
    );
  }

  /**
   * Everything the planner reads of a batch of customers. `lock`: the batch is about to be
   * re-planned in this transaction (see loads.customersLocked); a read (`due --explain`) never locks.
   */
  load(ids: number[], slots: ReadonlyMap<number, FirstContactSlot>, lock = false): Facts {
    const db = this.db;
    const d = db.dialect;
    const p = { ids: listParam(db, ids) };
    const nextPlanOn = new Map<number, IsoDate | null>();
    const customerQuery = lock && d === 'postgres' ? loads.customersLocked.bind(p) : loads.customers(d).bind(p);
    const customers = db.all(customerQuery).map(({ next_plan_on, ...c }) => {
      nextPlanOn.set(c.id, next_plan_on);
      return { ...c, tags: c.tags ? c.tags.split(',') : [], first_contact: slots.get(c.id) };
    });
    const serves = new Map<number, Set<string>>();
    for (const s of db.all(loads.serves(d).bind(p))) {
      const set = serves.get(s.visit_id) ?? new Set<string>();
      set.add(taskKey(s.rule, s.source_key));
      serves.set(s.visit_id, set);
    }
    const visits = db.all(loads.visits(d).bind(p)).map((v) => ({
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
      events: groupByCustomer(db.all(loads.events(d).bind(p))),
      visits: groupByCustomer(visits),
      issues: groupByCustomer(db.all(loads.issues(d).bind(p))),
      tasks: groupByCustomer(db.all(loads.tasks(d).bind(p))),
    };
  }

  /** Every column of one customer's stored tasks (for `due --explain`). */
  allTasksOf(customerId: number): TaskRow[] {
    return this.db.all<TaskRow>(sql`SELECT * FROM task WHERE customer_id = ${customerId}`);
  }
}

/** Nobody has acted on the task yet: no failed attempt, no reschedule (SPEC §3.0). */
const untouched = (t: StoredTask) => t.attempts === 0 && t.rescheduled_to === null;

/** A task to add, as the planner computed it. */
interface NewTask extends Record<string, Param> {
  customer_id: number;
  rule: string;
  source_key: string;
  purpose: string;
  channel: string;
  due_on: string;
  deadline: string;
  window_opens: string;
  assigned_to: string | null;
  status: string;
  event_id: number | null;
  issue_id: number | null;
  origin_visit_id: number | null;
  done_visit_id: number | null;
  closed_on: string | null;
  close_reason: string | null;
}
interface Closing extends Record<string, Param> {
  id: number;
  status: string;
  done_visit_id: number | null;
  closed_on: string | null;
  close_reason: string | null;
}
interface Redating extends Record<string, Param> {
  id: number;
  channel: string;
  due_on: string;
  deadline: string;
  window_opens: string;
}

/**
 * The writes of a re-plan, one kind of change at a time. SQLite runs each at once: a prepared
 * statement in the same process costs microseconds, and the order of the writes (hence the ids a
 * deleted task leaves free for the next insert) stays what it always was, so stores come out
 * byte-identical. PostgreSQL queues them and flushes a batch with one statement per kind: a round
 * trip per row would make the monthly re-plan several times slower than on SQLite (issue 14 point 6).
 */
interface TaskWrites {
  /** Add a task; one planned as done is linked to the visit that did it. */
  insert(t: NewTask): void;
  close(c: Closing): void;
  reopen(id: number): void;
  remove(id: number): void;
  reassign(id: number, to: string | null): void;
  redate(r: Redating): void;
  link(visitId: number, taskId: number): void;
  unlinkDerived(taskId: number): void;
  nextPlanOn(customerId: number, next: IsoDate | null): void;
  flush(): void;
}

const INSERT_COLUMNS = sql.raw(
  `customer_id, rule, source_key, purpose, channel, due_on, deadline, window_opens, assigned_to,
   status, list_on, event_id, issue_id, origin_visit_id, done_visit_id, closed_on, close_reason`,
);

const insertTask = (returning: RawBuilder<unknown>) =>
  statement<NewTask, { id: number }>(
    (p) => sql`INSERT INTO task (${INSERT_COLUMNS})
               VALUES (${p.customer_id}, ${p.rule}, ${p.source_key}, ${p.purpose}, ${p.channel}, ${p.due_on}, ${p.deadline},
                       ${p.window_opens}, ${p.assigned_to}, ${p.status}, ${p.due_on}, ${p.event_id}, ${p.issue_id},
                       ${p.origin_visit_id}, ${p.done_visit_id}, ${p.closed_on}, ${p.close_reason})${returning}`,
  );

// SQLite's statements, one row each (see TaskWrites).
const row = {
  /**
   * Most new tasks are open and need no id back. RETURNING makes better-sqlite3 read a row back for
   * each insert: 112.5k task inserts (the first plan of 100k new customers) took 1.9–2.0 s with it
   * and 1.05–1.16 s without (raw better-sqlite3, same rows); only a task planned as done is read back,
   * to be linked to its visit.
   */
  insert: insertTask(sql``),
  insertReturningId: insertTask(sql` RETURNING id`),
  close: statement<Closing>(
    (p) => sql`UPDATE task SET status = ${p.status}, done_visit_id = ${p.done_visit_id}, closed_on = ${p.closed_on},
               close_reason = ${p.close_reason} WHERE id = ${p.id}`,
  ),
  reopen: statement<{ id: number }>(
    (p) => sql`UPDATE task SET status = 'open', done_visit_id = NULL, closed_on = NULL, close_reason = NULL WHERE id = ${p.id}`,
  ),
  remove: statement<{ id: number }>((p) => sql`DELETE FROM task WHERE id = ${p.id}`),
  reassign: statement<{ id: number; to: string | null }>((p) => sql`UPDATE task SET assigned_to = ${p.to} WHERE id = ${p.id}`),
  redate: statement<Redating>(
    (p) => sql`UPDATE task SET channel = ${p.channel}, due_on = ${p.due_on}, deadline = ${p.deadline},
               window_opens = ${p.window_opens}, list_on = ${p.due_on} WHERE id = ${p.id}`,
  ),
  link: statement<{ visit: number; task: number }>(
    (p) => sql`INSERT INTO visit_task (visit_id, task_id) VALUES (${p.visit}, ${p.task}) ON CONFLICT DO NOTHING`,
  ),
  // Correlated, so each link is checked by the visit's key (an IN list read every visit of the store).
  unlinkDerived: statement<{ task: number }>(
    (p) => sql`DELETE FROM visit_task WHERE task_id = ${p.task}
               AND EXISTS (SELECT 1 FROM visit v WHERE v.id = visit_task.visit_id AND v.serves_explicit = 0)`,
  ),
  nextPlanOn: statement<{ id: number; next: string | null }>((p) => sql`UPDATE customer SET next_plan_on = ${p.next} WHERE id = ${p.id}`),
};

class RowWrites implements TaskWrites {
  constructor(private readonly db: Db) {}
  insert(t: NewTask): void {
    if (t.done_visit_id === null) this.db.run(row.insert.bind(t));
    else this.link(t.done_visit_id, this.db.value<number>(row.insertReturningId.bind(t)) as number);
  }
  close(c: Closing): void {
    this.db.run(row.close.bind(c));
  }
  reopen(id: number): void {
    this.db.run(row.reopen.bind({ id }));
  }
  remove(id: number): void {
    this.db.run(row.remove.bind({ id }));
  }
  reassign(id: number, to: string | null): void {
    this.db.run(row.reassign.bind({ id, to }));
  }
  redate(r: Redating): void {
    this.db.run(row.redate.bind(r));
  }
  link(visit: number, task: number): void {
    this.db.run(row.link.bind({ visit, task }));
  }
  unlinkDerived(task: number): void {
    this.db.run(row.unlinkDerived.bind({ task }));
  }
  nextPlanOn(id: number, next: IsoDate | null): void {
    this.db.run(row.nextPlanOn.bind({ id, next }));
  }
  flush(): void {}
}

// PostgreSQL's statements, a whole batch each: every column is one array parameter, spread into rows
// by unnest (one parameter per column whatever the batch size, and one statement text to plan).
const int = (p: unknown) => sql`CAST(${p} AS integer[])`;
const text = (p: unknown) => sql`CAST(${p} AS text[])`;
/** A batch's columns, each one array parameter in PostgreSQL's text form. */
type Arrays = Record<string, string>;
const batch = {
  insert: statement<Arrays, { id: number; done_visit_id: number | null }>(
    (p) => sql`INSERT INTO task (${INSERT_COLUMNS})
               SELECT customer_id, rule, source_key, purpose, channel, due_on, deadline, window_opens, assigned_to,
                      status, due_on, event_id, issue_id, origin_visit_id, done_visit_id, closed_on, close_reason
               FROM unnest(${int(p.customer_id)}, ${text(p.rule)}, ${text(p.source_key)}, ${text(p.purpose)}, ${text(p.channel)},
                           ${text(p.due_on)}, ${text(p.deadline)}, ${text(p.window_opens)}, ${text(p.assigned_to)}, ${text(p.status)},
                           ${int(p.event_id)}, ${int(p.issue_id)}, ${int(p.origin_visit_id)}, ${int(p.done_visit_id)},
                           ${text(p.closed_on)}, ${text(p.close_reason)})
                 AS u (customer_id, rule, source_key, purpose, channel, due_on, deadline, window_opens, assigned_to,
                       status, event_id, issue_id, origin_visit_id, done_visit_id, closed_on, close_reason)
               RETURNING id, done_visit_id`,
  ),
  close: statement<Arrays>(
    (p) => sql`UPDATE task SET status = u.status, done_visit_id = u.done_visit_id, closed_on = u.closed_on, close_reason = u.close_reason
               FROM unnest(${int(p.id)}, ${text(p.status)}, ${int(p.done_visit_id)}, ${text(p.closed_on)}, ${text(p.close_reason)})
                 AS u (id, status, done_visit_id, closed_on, close_reason)
               WHERE task.id = u.id`,
  ),
  reopen: statement<{ ids: string }>(
    (p) => sql`UPDATE task SET status = 'open', done_visit_id = NULL, closed_on = NULL, close_reason = NULL WHERE id = ANY(${int(p.ids)})`,
  ),
  remove: statement<{ ids: string }>((p) => sql`DELETE FROM task WHERE id = ANY(${int(p.ids)})`),
  reassign: statement<Arrays>(
    (p) => sql`UPDATE task SET assigned_to = u.assigned_to FROM unnest(${int(p.id)}, ${text(p.to)}) AS u (id, assigned_to) WHERE task.id = u.id`,
  ),
  redate: statement<Arrays>(
    (p) => sql`UPDATE task SET channel = u.channel, due_on = u.due_on, deadline = u.deadline, window_opens = u.window_opens, list_on = u.due_on
               FROM unnest(${int(p.id)}, ${text(p.channel)}, ${text(p.due_on)}, ${text(p.deadline)}, ${text(p.window_opens)})
                 AS u (id, channel, due_on, deadline, window_opens)
               WHERE task.id = u.id`,
  ),
  link: statement<Arrays>(
    (p) => sql`INSERT INTO visit_task (visit_id, task_id) SELECT * FROM unnest(${int(p.visit)}, ${int(p.task)}) ON CONFLICT DO NOTHING`,
  ),
  unlinkDerived: statement<{ tasks: string }>(
    (p) => sql`DELETE FROM visit_task WHERE task_id = ANY(${int(p.tasks)})
               AND EXISTS (SELECT 1 FROM visit v WHERE v.id = visit_task.visit_id AND v.serves_explicit = 0)`,
  ),
  nextPlanOn: statement<Arrays>(
    (p) => sql`UPDATE customer SET next_plan_on = u.next FROM unnest(${int(p.id)}, ${text(p.next)}) AS u (id, next) WHERE customer.id = u.id`,
  ),
};

/** Rows of one kind as one array per column, in PostgreSQL's array text. */
function columns<T extends Record<string, Param>>(rows: readonly T[], keys: readonly string[]): Arrays {
  const out: Arrays = {};
  for (const k of keys) out[k] = pgArray(rows.map((r) => r[k] as string | number | null));
  return out;
}

class BatchWrites implements TaskWrites {
  private inserts: NewTask[] = [];
  private closes: Closing[] = [];
  private reopens: number[] = [];
  private removes: number[] = [];
  private reassigns: { id: number; to: string | null }[] = [];
  private redates: Redating[] = [];
  private links: { visit: number; task: number }[] = [];
  private unlinks: number[] = [];
  private nextPlans: { id: number; next: string | null }[] = [];

  constructor(private readonly db: Db) {}
  insert(t: NewTask): void {
    this.inserts.push(t);
  }
  close(c: Closing): void {
    this.closes.push(c);
  }
  reopen(id: number): void {
    this.reopens.push(id);
  }
  remove(id: number): void {
    this.removes.push(id);
  }
  reassign(id: number, to: string | null): void {
    this.reassigns.push({ id, to });
  }
  redate(r: Redating): void {
    this.redates.push(r);
  }
  link(visit: number, task: number): void {
    this.links.push({ visit, task });
  }
  unlinkDerived(task: number): void {
    this.unlinks.push(task);
  }
  nextPlanOn(id: number, next: IsoDate | null): void {
    this.nextPlans.push({ id, next });
  }

  /**
   * Write what is queued. Each task is in at most one of remove/insert, and reassign, redate and
   * close/reopen change different columns, so only two orders matter: a derived link goes before
   * the task is linked to its new visit, and a task is inserted before it can be linked.
   */
  flush(): void {
    const db = this.db;
    if (this.removes.length) db.run(batch.remove.bind({ ids: pgArray(this.removes) }));
    if (this.unlinks.length) db.run(batch.unlinkDerived.bind({ tasks: pgArray(this.unlinks) }));
    if (this.reassigns.length) db.run(batch.reassign.bind(columns(this.reassigns, ['id', 'to'])));
    if (this.redates.length) {
      db.run(batch.redate.bind(columns(this.redates, ['id', 'channel', 'due_on', 'deadline', 'window_opens'])));
    }
    if (this.reopens.length) db.run(batch.reopen.bind({ ids: pgArray(this.reopens) }));
    if (this.closes.length) {
      db.run(batch.close.bind(columns(this.closes, ['id', 'status', 'done_visit_id', 'closed_on', 'close_reason'])));
    }
    if (this.inserts.length) {
      const keys = Object.keys(this.inserts[0] as NewTask);
      // RETURNING gives every new id with its done visit; a task inserted as done is linked to it.
      for (const a of db.all(batch.insert.bind(columns(this.inserts, keys)))) {
        if (a.done_visit_id !== null) this.links.push({ visit: a.done_visit_id, task: a.id });
      }
    }
    if (this.links.length) db.run(batch.link.bind(columns(this.links, ['visit', 'task'])));
    if (this.nextPlans.length) db.run(batch.nextPlanOn.bind(columns(this.nextPlans, ['id', 'next'])));
    this.inserts = [];
    this.closes = [];
    this.reopens = [];
    this.removes = [];
    this.reassigns = [];
    this.redates = [];
    this.links = [];
    this.unlinks = [];
    this.nextPlans = [];
  }
}

export class TaskWriter {
  private readonly writes: TaskWrites;

  constructor(db: Db) {
    this.writes = db.dialect === 'postgres' ? new BatchWrites(db) : new RowWrites(db);
  }

  /** Store when time alone next changes the customer's plan, if that moved. */
  nextPlan(customerId: number, stored: IsoDate | null | undefined, next: IsoDate | null): void {
    if (stored !== next) this.writes.nextPlanOn(customerId, next);
  }

  /** Write what the reconciled customers so far have queued (PostgreSQL; SQLite has written it already). */
  flush(): void {
    this.writes.flush();
  }

  /**
   * Bring one customer's stored tasks in line with the planned ones. A planned task that is not
   * stored is added; an open one the planner now sees done (or missed, or cancelled) is closed.
   * Changed facts re-plan the future, never the past (SPEC §3.0): an open task nobody has touched
   * (no attempt, no reschedule) and due after today takes the dates the planner now computes, and
   * so does one a call already did ahead of its date (else the order of imports would show in its
   * dates); every other stored date stays. A stored open task the planner no longer wants is
   * removed if nobody has touched it, else cancelled with the reason 'replanned'.
   * On PostgreSQL the writes are queued: call flush() before reading the tasks again.
   */
  reconcile(customerId: number, planned: PlannedTask[], stored: StoredTask[], policy: Policy, today: IsoDate, counts: SyncCounts): void {
    const w = this.writes;
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
        w.insert({
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
          },
        );
        counts.inserted++;
        continue;
      }
      const isOpen = s.status === 'open' || s.status === 'unreachable';
      // A new owner (or a newly appointed supervisor) takes over the open tasks.
      if (isOpen && s.assigned_to !== p.assigned_to) w.reassign(s.id, p.assigned_to);
      if (
        (s.status === 'open' || s.status === 'done') &&
        untouched(s) &&
        s.due_on > today &&
        (s.due_on !== p.due_on || s.deadline !== p.deadline || s.window_opens !== p.window_opens || s.channel !== p.channel)
      ) {
        w.redate({ id: s.id, channel: p.channel, due_on: p.due_on, deadline: p.deadline, window_opens: p.window_opens });
        counts.moved++;
      }
      if (isOpen && o.status !== 'open') {
        w.close({ id: s.id, status: o.status, done_visit_id: doneVisit, closed_on: closedOn, close_reason: reason });
        if (doneVisit !== null) w.link(doneVisit, s.id);
        counts.closed++;
      } else if (s.status === 'done' && o.status === 'done' && s.done_visit_id !== o.visit_id) {
        w.unlinkDerived(s.id);
        w.close({ id: s.id, status: 'done', done_visit_id: o.visit_id, closed_on: closedOn, close_reason: null });
        w.link(o.visit_id, s.id);
      } else if (s.status === 'done' && o.status === 'open') {
        // The visit that did it was corrected to an unreached call.
        w.unlinkDerived(s.id);
        w.reopen(s.id);
      }
    }
    for (const s of stored) {
      if (wanted.has(taskKey(s.rule, s.source_key))) continue;
      if (s.status !== 'open' && s.status !== 'unreachable') continue;
      if (untouched(s)) {
        w.remove(s.id);
        counts.removed++;
      } else {
        w.close({ id: s.id, status: 'cancelled', done_visit_id: null, closed_on: today, close_reason: 'replanned' });
        counts.closed++;
      }
    }
  }
}

export function allCustomerIds(db: Db): number[] {
  return db.values<number>(sql`SELECT id FROM customer ORDER BY id`);
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
  const ids = wholeReplanLeft(db, horizonEnd, chunk);
  if (ids.length) {
    setMeta(db, 'replan_to', horizonEnd);
    setMeta(db, 'replan_after', String(ids[ids.length - 1]));
  }
  return ids;
}

/** Up to `chunk` customers whose stored next plan date the horizon reaches. */
export function customersReachedBy(db: Db, horizonEnd: IsoDate, chunk: number): number[] {
  return db.values<number>(sql`SELECT id FROM customer WHERE next_plan_on <= ${horizonEnd} LIMIT ${chunk}`);
}

/** Up to `limit` customers a whole re-plan towards horizonEnd has still to do (read-only: no cursor moved). */
export function wholeReplanLeft(db: Db, horizonEnd: IsoDate, limit: number): number[] {
  const after = getMeta(db, 'replan_to') === horizonEnd ? Number(getMeta(db, 'replan_after') ?? 0) : 0;
  return db.values<number>(sql`SELECT id FROM customer WHERE id > ${after} ORDER BY id LIMIT ${limit}`);
}

/** Who is moving the horizon: the process, its host, and when it last finished a chunk (ms since 1970). */
export interface MoverLease {
  pid: number;
  host: string;
  at: number;
}

/** The lease of the process moving the horizon, if one said so and has not finished. */
export function moverLease(db: Db): MoverLease | undefined {
  const value = getMeta(db, 'horizon_mover');
  if (!value) return undefined;
  const [pid, at, ...host] = value.split(' ');
  return { pid: Number(pid), at: Number(at), host: host.join(' ') };
}

/** Renewed in each chunk's transaction, so that the lease is as fresh as the move's last commit. */
export function renewMoverLease(db: Db, lease: MoverLease): void {
  setMeta(db, 'horizon_mover', `${lease.pid} ${lease.at} ${lease.host}`);
}

/** Emptied, not deleted: a supervisor's login on PostgreSQL may update meta but not delete from it. */
export function clearMoverLease(db: Db): void {
  setMeta(db, 'horizon_mover', '');
}

/** Customers with an open reminder (of one of the rules) due before today whose event is before today. */
export function customersWithPassedReminders(db: Db, rules: readonly string[], today: IsoDate): number[] {
  const ids = new Set<number>();
  for (const rule of rules) {
    // A reminder is due before its event, so a stale one is also due before today (task_rule index).
    const found = db.values<number>(
      sql`SELECT DISTINCT t.customer_id FROM task t JOIN event e ON e.id = t.event_id
          WHERE t.rule = ${rule} AND t.status = 'open' AND t.due_on < ${today} AND e.occurred_on < ${today}`,
    );
    for (const id of found) ids.add(id);
  }
  return [...ids];
}
