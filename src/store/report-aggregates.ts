// The counts behind `huifang report`, aggregated in SQL by group (one grouped query per table): no period's rows are read into memory.
import { contactToDial } from '../domain/contact-to-dial.js';
import { emptyCounts, openAgeStarts, type GroupCounts, type IssueCounts, type TaskCounts, type VisitCounts } from '../domain/metrics.js';
import { weeksOf, type NamedPeriod, type Period } from '../domain/period.js';
import type { DayCalls } from '../domain/weekly-quota.js';
import { contactsByCustomer } from './customers.js';
import type { Db } from './db.js';

export type GroupBy = 'staff' | 'tier' | 'channel' | 'week';
/** 'none': the whole period as one group, counted without GROUP BY (no sort of the period's rows). */
type Grouper = GroupBy | 'none';

/** Visits that a later correction superseded do not count: the report uses the latest record. */
export const CURRENT_VISIT = 'NOT EXISTS (SELECT 1 FROM visit n WHERE n.supersedes = v.id)';
/** A call that recorded a need or an opportunity (NULL compares to nothing, so no call without one counts). */
export const NEEDS_RECORDED = "v.needs <> ''";
/** A period's days as the times that bound its calls and issues ('YYYY-MM-DD HH:mm'), first and last day included. */
export const timesOf = (p: Period) => ({ fromAt: `${p.from} 00:00`, toAt: `${p.to} 23:59` });
/** Who made a call: its clerk, else its customer's owner (as in the `--by staff` rows, without the dash). */
const CALLER = `coalesce(v.staff, (SELECT owner FROM customer WHERE id = v.customer_id))`;
const countIf = (condition: string) => `sum(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
/** A customer's field, read only for the rows that need it (coalesce stops at the first value). */
const customerField = (field: 'owner' | 'tier', row: string) => `(SELECT ${field} FROM customer WHERE id = ${row}.customer_id)`;
/**
 * The only date arithmetic of the report's SQL, here so a second dialect (issue 14) changes one place:
 * whole days from one 'YYYY-MM-DD' to another, and a day plus a number of days.
 */
const daysFrom = (a: string, b: string) => `CAST(julianday(${b}) - julianday(${a}) AS INTEGER)`;
const plusDays = (day: string, days: string) => `date(${day}, '+' || ${days} || ' days')`;

/**
 * How rows fall into groups: `key` is a column (staff, tier, channel) or the ISO week of a date column
 * (a CASE over the weeks' first days, passed as parameters); `grouped` false for the whole period.
 */
interface Grouping {
  key: (table: 'task' | 'visit' | 'issue') => string;
  params: Record<string, string>;
  grouped: boolean;
}

const DATE_COLUMN = { task: 't.due_on', visit: 'v.at', issue: 'i.raised_at' } as const;

/** `CASE WHEN col < next week's first day THEN …`: a date or a 'YYYY-MM-DD HH:mm' before the next bucket's first day is in this one. */
function bucketCase(column: string, buckets: readonly NamedPeriod[]): string {
  if (buckets.length === 1) return '@k0'; // SQL has no CASE without a WHEN
  const whens = buckets.slice(0, -1).map((_, i) => `WHEN ${column} < @b${i + 1} THEN @k${i}`);
  return `CASE ${whens.join(' ')} ELSE @k${buckets.length - 1} END`;
}

function bucketParams(buckets: readonly NamedPeriod[]): Record<string, string> {
  const params: Record<string, string> = {};
  buckets.forEach((b, i) => {
    params[`k${i}`] = b.key;
    if (i > 0) params[`b${i}`] = b.from;
  });
  return params;
}

function grouping(by: Grouper, p: Period): Grouping {
  if (by === 'week') {
    const weeks = weeksOf(p);
    return { key: (table) => bucketCase(DATE_COLUMN[table], weeks), params: bucketParams(weeks), grouped: true };
  }
  const keys: Record<Exclude<Grouper, 'week'>, Record<'task' | 'visit' | 'issue', string>> = {
    staff: {
      task: `coalesce(t.assigned_to, ${customerField('owner', 't')}, '—')`,
      visit: `coalesce(v.staff, ${customerField('owner', 'v')}, '—')`,
      issue: `coalesce(v.staff, ${customerField('owner', 'i')}, '—')`,
    },
    tier: { task: customerField('tier', 't'), visit: customerField('tier', 'v'), issue: customerField('tier', 'i') },
    channel: { task: 't.channel', visit: 'v.channel', issue: "coalesce(v.channel, 'phone')" },
    none: { task: "'all'", visit: "'all'", issue: "'all'" },
  };
  return { key: (table) => keys[by][table], params: {}, grouped: by !== 'none' };
}

/** Without GROUP BY an aggregate gives one row even when nothing matched: such a row is no group. */
const groupBy = (columns: number[]) => (columns.length ? `GROUP BY ${columns.join(', ')}` : '');

function taskCounts(db: Db, p: Period, g: Grouping): Map<string, TaskCounts> {
  const done = "t.status = 'done' AND t.closed_on <= @to";
  const rows = db
    .prepare(
      `SELECT ${g.key('task')} AS key, count(*) AS due,
              ${countIf("t.status = 'cancelled' AND t.closed_on <= @to")} AS cancelled,
              ${countIf(done)} AS done,
              ${countIf(`${done} AND t.closed_on <= t.deadline`)} AS on_time,
              coalesce(sum(CASE WHEN ${done} AND t.closed_on > t.deadline THEN ${daysFrom('t.deadline', 't.closed_on')} ELSE 0 END), 0) AS late_days,
              count(DISTINCT CASE WHEN t.status = 'cancelled' AND t.closed_on <= @to THEN NULL ELSE t.customer_id END) AS customers_due,
              count(DISTINCT CASE WHEN ${done} THEN t.customer_id END) AS customers_reached
       FROM task t WHERE t.due_on BETWEEN @from AND @to
       ${groupBy(g.grouped ? [1] : [])}`,
    )
    .iterate({ ...g.params, from: p.from, to: p.to }) as IterableIterator<TaskCounts & { key: string }>;
  const out = new Map<string, TaskCounts>();
  for (const { key, ...counts } of rows) if (counts.due) out.set(key, counts);
  return out;
}

/**
 * The period's calls by group and, with `perDay`, by who made them and on which day (what the weekly
 * quota counts): one read of the calls serves both. `conversionDays` null: the trend, which shows no
 * conversion, skips the look-up of orders.
 */
function visitCounts(db: Db, p: Period, g: Grouping, conversionDays: number | null, perDay: boolean): { groups: Map<string, VisitCounts>; calls: DayCalls[] } {
  const reached = "v.outcome = 'reached'";
  const day = 'substr(v.at, 1, 10)';
  const converted =
    conversionDays === null
      ? '0'
      : // The customers with an order in the period are found once; only their calls look for the order.
        countIf(
          `${reached} AND v.customer_id IN (SELECT customer_id FROM event WHERE type IN ('order', 'sale') AND occurred_on BETWEEN @from AND @to)
             AND EXISTS (SELECT 1 FROM event e WHERE e.customer_id = v.customer_id AND e.type IN ('order', 'sale')
               AND e.occurred_on > ${day} AND e.occurred_on <= @to AND e.occurred_on <= ${plusDays(day, '@days')})`,
        );
  const rows = db
    .prepare(
      `SELECT ${g.key('visit')} AS key, ${perDay ? CALLER : 'NULL'} AS caller, ${perDay ? day : "''"} AS day, count(*) AS attempts, ${countIf(reached)} AS reached,
              ${[1, 2, 3, 4, 5].map((s) => `${countIf(`${reached} AND v.score = ${s}`)} AS s${s}`).join(', ')},
              ${countIf(NEEDS_RECORDED)} AS needs, ${converted} AS converted
       FROM visit v WHERE v.at BETWEEN @fromAt AND @toAt AND ${CURRENT_VISIT}
       ${groupBy([...(g.grouped ? [1] : []), ...(perDay ? [2, 3] : [])])}`,
    )
    .iterate({ ...g.params, from: p.from, to: p.to, ...timesOf(p), ...(conversionDays === null ? {} : { days: conversionDays }) }) as IterableIterator<
    Omit<VisitCounts, 'scores'> & { key: string; caller: string | null; day: string; s1: number; s2: number; s3: number; s4: number; s5: number }
  >;
  const groups = new Map<string, VisitCounts>();
  const calls: DayCalls[] = [];
  for (const r of rows) {
    if (!r.attempts) continue;
    const part = { attempts: r.attempts, reached: r.reached, scores: { '1': r.s1, '2': r.s2, '3': r.s3, '4': r.s4, '5': r.s5 }, needs: r.needs, converted: r.converted };
    const sofar = groups.get(r.key);
    groups.set(r.key, sofar ? total([part], sofar) : part);
    if (r.caller !== null) calls.push({ staff: r.caller, day: r.day, calls: r.attempts });
  }
  return { groups, calls };
}

function issueCounts(db: Db, p: Period, g: Grouping): Map<string, IssueCounts> {
  const end = "@to || ' 23:59'";
  const open = `(i.confirmed_at IS NULL OR i.confirmed_at > ${end})`;
  const starts = openAgeStarts(p.to);
  const raisedOn = 'substr(i.raised_at, 1, 10)';
  const rows = db
    .prepare(
      `SELECT ${g.key('issue')} AS key, count(*) AS raised,
              ${countIf(`i.responded_at <= ${end} AND i.responded_at <= i.respond_by`)} AS responded_in_sla,
              ${countIf(`i.resolved_at <= ${end} AND i.resolved_at <= i.resolve_by`)} AS resolved_in_sla,
              ${countIf(`${open} AND ${raisedOn} >= @age3`)} AS a3,
              ${countIf(`${open} AND ${raisedOn} < @age3 AND ${raisedOn} >= @age7`)} AS a7,
              ${countIf(`${open} AND ${raisedOn} < @age7 AND ${raisedOn} >= @age30`)} AS a30,
              ${countIf(`${open} AND ${raisedOn} < @age30`)} AS older
       FROM issue i LEFT JOIN visit v ON v.id = i.visit_id
       WHERE i.raised_at BETWEEN @fromAt AND @toAt
       ${groupBy(g.grouped ? [1] : [])}`,
    )
    .iterate({ ...g.params, to: p.to, ...timesOf(p), age3: starts['0-3'], age7: starts['4-7'], age30: starts['8-30'] }) as IterableIterator<{
    key: string;
    raised: number;
    responded_in_sla: number;
    resolved_in_sla: number;
    a3: number;
    a7: number;
    a30: number;
    older: number;
  }>;
  const out = new Map<string, IssueCounts>();
  for (const r of rows) {
    if (!r.raised) continue;
    out.set(r.key, {
      raised: r.raised,
      responded_in_sla: r.responded_in_sla,
      resolved_in_sla: r.resolved_in_sla,
      open_by_age: { '0-3': r.a3, '4-7': r.a7, '8-30': r.a30, '30+': r.older },
    });
  }
  return out;
}

/** The period's issues by category and level (the report page's table), counted as the report counts its issues; category and level order. */
export function issueCountsByKind(db: Db, p: Period): { category: string; level: string; counts: IssueCounts }[] {
  // Categories and levels are lower-case words (the schema's CHECK): '/' sorts before them, so the joined key sorts as the pair.
  const byKind = issueCounts(db, p, { key: () => "i.category || '/' || i.level", params: {}, grouped: true });
  return [...byKind]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, counts]) => {
      const [category, level] = key.split('/') as [string, string];
      return { category, level, counts };
    });
}

function merge(tasks: Map<string, TaskCounts>, visits: Map<string, VisitCounts>, issues: Map<string, IssueCounts>): Map<string, GroupCounts> {
  const keys = [...new Set([...tasks.keys(), ...visits.keys(), ...issues.keys()])].sort();
  return new Map(
    keys.map((key) => {
      const empty = emptyCounts();
      return [key, { tasks: tasks.get(key) ?? empty.tasks, visits: visits.get(key) ?? empty.visits, issues: issues.get(key) ?? empty.issues }];
    }),
  );
}

/** Counts that add up across groups (every one but the distinct customers, which are counted once more overall). */
function total<T>(parts: Iterable<T>, empty: T): T {
  const sum = (a: unknown, b: unknown): unknown =>
    typeof a === 'number' ? a + (b as number) : Object.fromEntries(Object.entries(a as object).map(([k, v]) => [k, sum(v, (b as Record<string, unknown>)[k])]));
  let acc = empty;
  for (const p of parts) acc = sum(acc, p) as T;
  return acc;
}

/**
 * The counts of the whole period and of each of its groups (in key order), everything as of the
 * period's last day, and the calls per caller and day. The calls and issues are read once: the overall
 * counts are their groups' sums; only the tasks are read again, since a customer can have tasks in two groups.
 */
export function reportCounts(db: Db, p: Period, by: GroupBy, conversionDays: number): { overall: GroupCounts; groups: Map<string, GroupCounts>; calls: DayCalls[] } {
  const g = grouping(by, p);
  const tasks = taskCounts(db, p, g);
  const visits = visitCounts(db, p, g, conversionDays, true);
  const issues = issueCounts(db, p, g);
  const empty = emptyCounts();
  const overall = {
    tasks: taskCounts(db, p, grouping('none', p)).get('all') ?? empty.tasks,
    visits: total(visits.groups.values(), empty.visits),
    issues: total(issues.values(), empty.issues),
  };
  return { overall, groups: merge(tasks, visits.groups, issues), calls: visits.calls };
}

/**
 * The counts of a whole period as of its last day, with no groups: the previous period of `--compare`,
 * and each month of the trend (`conversionDays` null: the trend shows no conversion).
 */
export function periodCounts(db: Db, p: Period, conversionDays: number | null): GroupCounts {
  const g = grouping('none', p);
  const empty = emptyCounts();
  return {
    tasks: taskCounts(db, p, g).get('all') ?? empty.tasks,
    visits: visitCounts(db, p, g, conversionDays, false).groups.get('all') ?? empty.visits,
    issues: issueCounts(db, p, g).get('all') ?? empty.issues,
  };
}

/**
 * The period's lowest-scored reached calls (score ≤ `maxScore`), lowest first, at most `limit` of them:
 * the calls are picked from the report's index alone, and only those read in full.
 */
export function lowScoreCalls(db: Db, p: Period, maxScore: number, limit: number) {
  const order = 'v.score, v.at, v.id';
  return db
    .prepare(
      `SELECT v.id, v.at, c.code, c.name, v.staff, v.score, v.feedback FROM visit v JOIN customer c ON c.id = v.customer_id
       WHERE v.id IN (SELECT v.id FROM visit v WHERE v.at BETWEEN @fromAt AND @toAt AND v.outcome = 'reached' AND v.score <= @maxScore AND ${CURRENT_VISIT}
                      ORDER BY ${order} LIMIT @limit)
       ORDER BY ${order}`,
    )
    .all({ ...timesOf(p), maxScore, limit }) as LowScoreCall[];
}

export interface LowScoreCall {
  id: number;
  at: string;
  code: string;
  name: string;
  staff: string | null;
  score: number;
  feedback: string | null;
}

/**
 * Re-checks of the period's calls [002 §15], the latest per call, counted by result. They are made
 * after the month by design, so unlike the other figures they grow until the audit is done.
 */
export function auditResults(db: Db, p: Period): Record<'confirmed' | 'mismatch' | 'unreachable', number> {
  const counts = { confirmed: 0, mismatch: 0, unreachable: 0 };
  const rows = db
    .prepare(
      // CROSS JOIN keeps the audits (a few hundred a month) as the outer loop: SQLite would otherwise
      // walk every call of the period to look for their audits.
      `SELECT a.result, count(*) AS n FROM audit a CROSS JOIN visit v
       WHERE v.id = a.visit_id AND v.at BETWEEN @fromAt AND @toAt AND a.id = (SELECT max(id) FROM audit b WHERE b.visit_id = a.visit_id)
       GROUP BY a.result`,
    )
    .iterate(timesOf(p)) as IterableIterator<{ result: keyof typeof counts; n: number }>;
  for (const r of rows) counts[r.result] = r.n;
  return counts;
}

/**
 * What the weekly quota (SPEC §3.6) is judged on: the period's calls per staff member and day (from
 * `reportCounts`: a correction is the same call, so superseded records do not count; imported history
 * does), and the clerks held to it: everyone with a task due or a call logged in the period,
 * supervisors aside. Staff as in the `--by staff` rows: a call without a recorded clerk is its customer's owner's.
 */
export function quotaFacts(db: Db, p: Period, calls: readonly DayCalls[]): { clerks: string[]; calls: DayCalls[] } {
  const supervisors = new Set(db.prepare("SELECT name FROM staff WHERE role = 'supervisor'").pluck().all() as string[]);
  const assignee = `coalesce(t.assigned_to, ${customerField('owner', 't')})`;
  const clerks = (db.prepare(`SELECT DISTINCT ${assignee} FROM task t WHERE t.due_on BETWEEN @from AND @to AND ${assignee} IS NOT NULL`).pluck().all({ from: p.from, to: p.to }) as string[])
    .filter((name) => !supervisors.has(name));
  return { clerks, calls: calls.filter((c) => !supervisors.has(c.staff)) };
}

export interface DetailRow {
  id: number;
  at: string;
  code: string;
  name: string;
  contact: string | null;
  phone: string | null;
  staff: string | null;
  channel: string;
  outcome: string;
  respondent: string | null;
  score: number | null;
  feedback: string | null;
  needs: string | null;
  signatory: string | null;
  supersedes: number | null;
  tasks: string | null;
  /** JSON: the issues the visit raised, `[{ level, category, description, department }]`. */
  issues: string;
}

/**
 * The period's visit records (回访记录明细), with the tasks each did and the issues it raised. The
 * contact is the one the call recorded; a call that recorded none (imported history) shows the
 * customer's contact to dial, by the one rule of domain/contact-to-dial.
 */
export function detailRows(db: Db, p: Period): DetailRow[] {
  const rows = db
    .prepare(
      `SELECT v.id, v.customer_id, v.at, c.code, c.name, k.name AS contact, k.phone, v.contact_id, v.staff, v.channel, v.outcome, v.respondent, v.score,
              v.feedback, v.needs, v.signatory, v.supersedes,
              (SELECT group_concat(t.rule, '; ') FROM task t WHERE t.done_visit_id = v.id) AS tasks,
              (SELECT json_group_array(json_object('level', i.level, 'category', i.category, 'description', i.description, 'department', i.department))
               FROM issue i WHERE i.visit_id = v.id) AS issues
       FROM visit v JOIN customer c ON c.id = v.customer_id
       LEFT JOIN contact k ON k.id = v.contact_id
       WHERE v.at BETWEEN @fromAt AND @toAt AND ${CURRENT_VISIT}
       ORDER BY v.at, v.id`,
    )
    .all(timesOf(p)) as (DetailRow & { customer_id: number; contact_id: number | null })[];
  const contacts = contactsByCustomer(db, [...new Set(rows.filter((r) => r.contact_id === null).map((r) => r.customer_id))]);
  return rows.map(({ customer_id, contact_id, ...r }) => {
    if (contact_id !== null) return r;
    const choice = contactToDial(contacts.get(customer_id) ?? []);
    return choice.kind === 'none' ? r : { ...r, contact: choice.contact.name, phone: choice.contact.phone };
  });
}
