// Keeps the stored plan in step with what the planner wants: decides when and whom to re-plan, calls
// the planner and owns the transactions, so that store code never plans (its SQL: store/plan-store.ts).
import os from 'node:os';
import { addMonths, daysInMonth, type IsoDate } from '../domain/dates.js';
import { isLongNeglected, spreadFirstContacts } from '../domain/onboarding.js';
import {
  firstContactDates,
  planCustomer,
  planCustomers,
  type CustomerFacts,
  type FirstContactSlot,
  type PlanContext,
  type PlannedTask,
} from '../domain/planner.js';
import type { Policy } from '../domain/policy.js';
import { processAlive } from '../io/process-alive.js';
import { inWriteTransaction, writeTransactionIfFree, type Db } from '../store/db.js';
import {
  allCustomerIds,
  clearMoverLease,
  customersReachedBy,
  customersWithPassedReminders,
  FactLoader,
  loadCalendar,
  markPlannedThrough as markStoredPlannedThrough,
  moverLease,
  nextWholeReplanChunk,
  plannedThrough,
  renewMoverLease,
  supervisorName,
  TaskWriter,
  wholeReplanLeft,
  type Facts,
  type MoverLease,
  type SyncCounts,
} from '../store/plan-store.js';
import type { TaskRow } from '../store/rows.js';
import { seesWholeStore } from '../store/pg-roles.js';
import { loadPolicy } from '../store/policy-store.js';

export type { SyncCounts } from '../store/plan-store.js';

/** Customers planned per round: bounds memory on large stores. */
const BATCH = 500;

/** The last day of next month: everything due by then is planned ahead (SPEC §3.0). */
export function horizonEnd(today: IsoDate): IsoDate {
  const next = addMonths(`${today.slice(0, 7)}-01`, 1);
  return `${next.slice(0, 7)}-${String(daysInMonth(Number(next.slice(0, 4)), Number(next.slice(5, 7)))).padStart(2, '0')}`;
}

export function planContext(db: Db, today: IsoDate, policy: Policy = loadPolicy(db)): PlanContext {
  return { policy, calendar: loadCalendar(db), today, horizonEnd: horizonEnd(today), supervisor: supervisorName(db) };
}

/**
 * The first-contact spread (SPEC §3.0) of the customers recorded on the same days as the given
 * ones (or as anyone), for the days whose window still runs: once it is over, every first contact
 * of that day is due by today and keeps its date. Given customers that neither take part in the
 * spread nor had a first contact that may still move leave it as it is: nothing to compute.
 */
function spread(
  loader: FactLoader,
  which: readonly number[] | 'all',
  ctx: PlanContext,
): { dates: IsoDate[]; slots: Map<number, FirstContactSlot> } {
  const none = { dates: [], slots: new Map<number, FirstContactSlot>() };
  const dates = loader.createdOnDays(which).filter((d) => ctx.calendar.addWorkdays(d, ctx.policy.onboarding_working_days) > ctx.today);
  if (dates.length === 0) return none;
  if (which !== 'all' && !loader.hadMovableFirstContact(which, ctx.today) && !anyLongNeglected(loader, which, ctx)) return none;
  return { dates, slots: spreadFirstContacts(loader.cohort(dates), ctx.policy, ctx.calendar) };
}

function anyLongNeglected(loader: FactLoader, ids: readonly number[], ctx: PlanContext): boolean {
  for (const m of loader.cohortOf(ids)) {
    if (isLongNeglected(m, ctx.policy, ctx.calendar)) return true;
  }
  return false;
}

/** Customers of those days whose stored first contact is no longer where the spread puts it. */
function movedFirstContacts(loader: FactLoader, dates: IsoDate[], slots: Map<number, FirstContactSlot>, ctx: PlanContext): number[] {
  const moved = new Set<number>();
  if (dates.length === 0) return [];
  for (const r of loader.movableFirstContacts(dates, ctx.today)) {
    const slot = slots.get(r.customer_id);
    if (slot !== undefined && r.due_on !== firstContactDates(r.created_on, slot, ctx.policy, ctx.calendar).due) moved.add(r.customer_id);
  }
  return [...moved];
}

/** What the planner wants for one customer, with the basis of every date (for `due --explain`). */
export function planOne(db: Db, customerId: number, ctx: PlanContext): { planned: PlannedTask[]; stored: TaskRow[] } {
  const loader = new FactLoader(db);
  const facts = loader.load([customerId], spread(loader, [customerId], ctx).slots);
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
  const { dates, slots } = spread(loader, which, ctx);
  const ids =
    which === 'all'
      ? allCustomerIds(db)
      : [...new Set([...which, ...movedFirstContacts(loader, dates, slots, ctx)])].sort((a, b) => a - b);
  for (let i = 0; i < ids.length; i += BATCH) {
    // Locked (PostgreSQL): another process re-planning one of them waits for this transaction, then
    // reads what it wrote, rather than planning from the same stored tasks.
    const facts = loader.load(ids.slice(i, i + BATCH), slots, true);
    for (const plan of planCustomers(factsOf(facts), ctx)) {
      const id = plan.customer.id;
      writer.reconcile(id, plan.tasks, facts.tasks.get(id) ?? [], ctx.policy, ctx.today, counts);
      writer.nextPlan(id, facts.nextPlanOn.get(id), plan.nextPlanOn);
      counts.customers++;
    }
    // PostgreSQL writes the batch's changes a statement per kind, not a round trip per row.
    writer.flush();
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
 * The work of re-planning for time alone (the horizon move, closing passed reminders) is done by one
 * process at a time; the others skip it, or wait for it when they cannot read without it. On SQLite
 * the store's one write lock already means that, and the name is not used. On PostgreSQL writers do
 * not exclude each other, so this names an advisory lock held until the transaction ends: a second
 * process re-planning the same month would only redo the work (its customer locks would make it wait
 * chunk after chunk). Readers take no lock at all, so the move never blocks a read.
 */
export const PLAN_LOCK = 'huifang.plan';

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
  const through = plannedThrough(db);
  if (through === ctx.horizonEnd) return 'done'; // another process finished it
  const whole = through === undefined || through > ctx.horizonEnd;
  const ids = whole ? nextWholeReplanChunk(db, ctx.horizonEnd, chunk) : customersReachedBy(db, ctx.horizonEnd, chunk);
  if (ids.length === 0) {
    markStoredPlannedThrough(db, ctx.horizonEnd);
    clearMoverLease(db);
    return 'done';
  }
  renewMoverLease(db, { pid: process.pid, host: os.hostname(), at: Date.now() });
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
  // Waiting, each chunk still takes the plan lock (PostgreSQL: the transaction waits for it first;
  // SQLite's write transaction holds the one write lock anyway), so it re-checks the horizon after
  // whoever held it and never works on a chunk alongside another process; the wait counts against
  // REPLAN_WAIT_MS.
  for (;;) {
    const done = wait ? { value: inWriteTransaction(db, step, REPLAN_WAIT_MS, PLAN_LOCK) } : writeTransactionIfFree(db, step, PLAN_LOCK);
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
 * moves the horizon only while the plan lock is free (SQLite: the write lock; PostgreSQL: the
 * advisory lock PLAN_LOCK), and otherwise reads the plan as it is instead of waiting for another
 * process's re-plan: the monthly re-plan runs once. A command that must wait takes part chunk by
 * chunk, each re-checked under the lock, so nothing is re-planned twice and a clerk's `log` between
 * two chunks waits for one chunk at most (on PostgreSQL only a `log` of a customer in the chunk
 * waits at all, on that customer's row).
 *
 * A move bigger than `options.inlineUpTo` customers that the command need not wait for is handed to
 * `options.start` (the CLI starts a detached `huifang plan --sync`), unless a live mover already holds
 * the lease: the command then reads the plan as it is, and prints without waiting for the move.
 */
export function ensurePlanCurrent(
  db: Db,
  ctx: PlanContext,
  readsThrough: IsoDate = ctx.today,
  options: BackgroundMove = {},
): SyncCounts | undefined {
  const through = plannedThrough(db);
  let moved: SyncCounts | undefined;
  // A clerk's login (PostgreSQL, row-level security) sees only her customers: her move would re-plan
  // those and mark everyone's plan as moved. She leaves it to the owner's or a supervisor's commands
  // and reads the plan as it is: the horizon runs to the end of next month, so last month's move
  // still covers every day of this one.
  if (through !== ctx.horizonEnd && seesWholeStore(db)) {
    const needed = readsThrough < ctx.horizonEnd ? readsThrough : ctx.horizonEnd;
    const mustWait = through === undefined || through < needed;
    // A command that can read without the move does not make its user wait for a big one: another
    // process does it (stale reminders too, once it is done), or is doing it already.
    if (!mustWait && options.start && moveIsLarge(db, ctx, through, options.inlineUpTo ?? HORIZON_CHUNK)) {
      if (moverAlive(moverLease(db)) || options.start()) return undefined;
    }
    moved = moveHorizon(db, ctx, mustWait);
    if (plannedThrough(db) !== ctx.horizonEnd) return moved; // left for the next command
  }
  const stale = staleReminders(db, ctx);
  if (stale.length === 0) return moved;
  // Closing a passed reminder can wait for the next command; a reader does not queue behind a writer for it.
  const closed = writeTransactionIfFree(db, () => replan(db, stale, ctx), PLAN_LOCK)?.value;
  return closed && moved ? add(moved, closed) : (closed ?? moved);
}

/** How a command that need not wait may leave a big move to another process. */
export interface BackgroundMove {
  /** Starts the move in another process (the CLI: a detached `huifang plan --sync`); false if it could not. */
  start?: () => boolean;
  /** A move of up to this many customers is done at once, in the command itself (default: one chunk). */
  inlineUpTo?: number;
}

/**
 * How long a mover's lease holds without a new chunk, for a mover on another PC: a chunk commits
 * within a second or so, unless it first waits for a clerk's write. One that died is taken for gone
 * after this.
 */
const LEASE_MS = 30_000;

/**
 * Whether the lease's process is still moving the horizon. On this PC the process itself says so:
 * it may wait up to REPLAN_WAIT_MS for a long write (an import) before its next chunk, and starting
 * another mover then would only queue a second waiter. The bound still frees a lease whose pid was
 * reused by some other process.
 */
function moverAlive(lease: MoverLease | undefined, now = Date.now()): boolean {
  if (lease === undefined) return false;
  const age = now - lease.at;
  return lease.host === os.hostname() ? age <= REPLAN_WAIT_MS + LEASE_MS && processAlive(lease.pid) : age <= LEASE_MS;
}

/** Whether the move has more customers to re-plan than the command should do before it prints. */
function moveIsLarge(db: Db, ctx: PlanContext, through: IsoDate | undefined, inlineUpTo: number): boolean {
  const whole = through === undefined || through > ctx.horizonEnd;
  const left = whole ? wholeReplanLeft(db, ctx.horizonEnd, inlineUpTo + 1) : customersReachedBy(db, ctx.horizonEnd, inlineUpTo + 1);
  return left.length > inlineUpTo;
}

/** How far the stored plan reaches against today's horizon, and the live process moving it if any (`doctor`). */
export function planStatus(db: Db, today: IsoDate): { plannedThrough: IsoDate | undefined; horizonEnd: IsoDate; mover: MoverLease | undefined } {
  const lease = moverLease(db);
  return { plannedThrough: plannedThrough(db), horizonEnd: horizonEnd(today), mover: moverAlive(lease) ? lease : undefined };
}

/**
 * Bring the plan up to date through the horizon now, waiting for whoever else is moving it
 * (`huifang plan --sync`: the detached move a command started, or a supervisor's cron job).
 */
export function syncPlan(db: Db, ctx: PlanContext): { counts: SyncCounts; plannedThrough: IsoDate | undefined } {
  const moved = plannedThrough(db) !== ctx.horizonEnd && seesWholeStore(db) ? moveHorizon(db, ctx, true) : undefined;
  const stale = staleReminders(db, ctx);
  const closed = stale.length ? inWriteTransaction(db, () => replan(db, stale, ctx), REPLAN_WAIT_MS, PLAN_LOCK) : undefined;
  return { counts: add(moved ?? NONE, closed ?? NONE), plannedThrough: plannedThrough(db) };
}

/** Customers with a reminder whose event has passed: the planner now closes it as missed (SPEC §3.0). */
function staleReminders(db: Db, ctx: PlanContext): number[] {
  const beforeRules = ctx.policy.rules.filter((r) => r.kind === 'event' && r.timing === 'before').map((r) => r.id);
  return customersWithPassedReminders(db, beforeRules, ctx.today);
}

/** Mark the plan as current through the horizon (after init or a full re-plan inside a transaction). */
export function markPlannedThrough(db: Db, ctx: PlanContext): void {
  markStoredPlannedThrough(db, ctx.horizonEnd);
}
