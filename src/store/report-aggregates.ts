// The counts behind `huifang report`, aggregated in SQL by group (one grouped query per table): no period's rows are read into memory.
import { contactToDial } from '../domain/contact-to-dial.js';
import { emptyCounts, openAgeStarts, type GroupCounts, type IssueCounts, type TaskCounts, type VisitCounts } from '../domain/metrics.js';
import { weeksOf, type NamedPeriod, type Period } from '../domain/period.js';
import type { DayCalls } from '../domain/weekly-quota.js';
import { contactsByCustomer } from './customers.js';
import type { Db } from './db.js';
import type { ContactRow } from './rows.js';
import { sql, type Dialect, type RawBuilder } from './sql.js';

export type GroupBy = 'staff' | 'tier' | 'channel' | 'week';
/** 'none': the whole period as one group, counted without GROUP BY (no sort of the period's rows). */
type Grouper = GroupBy | 'none';
/** A piece of a statement: SQL text with its values bound where they stand. */
type Fragment = RawBuilder<unknown>;

/** Visits that a later correction superseded do not count: the report uses the latest record. */
export const CURRENT_VISIT = sql`NOT EXISTS (SELECT 1 FROM visit n WHERE n.supersedes = v.id)`;
/** A call that recorded a need or an opportunity (NULL compares to nothing, so no call without one counts). */
export const NEEDS_RECORDED = sql`v.needs <> ''`;
/** A period's days as the times that bound its calls and issues ('YYYY-MM-DD HH:mm'), first and last day included. */
export const timesOf = (p: Period) => ({ fromAt: `${p.from} 00:00`, toAt: `${p.to} 23:59` });
/** Who made a call: its clerk, else its customer's owner (as in the `--by staff` rows, without the dash). */
const CALLER = sql`coalesce(v.staff, (SELECT owner FROM customer WHERE id = v.customer_id))`;
const countIf = (condition: Fragment) => sql`sum(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
/** A customer's field, read only for the rows that need it (coalesce stops at the first value). */
const customerField = (field: 'owner' | 'tier', row: 't' | 'v' | 'i') => sql`(SELECT ${sql.raw(field)} FROM customer WHERE id = ${sql.raw(row)}.customer_id)`;

/**
 * The only date arithmetic of the report's SQL, one fragment per dialect (SQLite has no date type and
 * PostgreSQL no julianday()/date(modifier); the columns are 'YYYY-MM-DD' text on both): whole days
 * from one day to another, and a day plus a number of days as 'YYYY-MM-DD' text, compared as text.
 */
function daysFrom(dialect: Dialect, a: Fragment, b: Fragment): Fragment {
  return dialect === 'postgres' ? sql`(CAST(${b} AS date) - CAST(${a} AS date))` : sql`CAST(julianday(${b}) - julianday(${a}) AS INTEGER)`;
}
function plusDays(dialect: Dialect, day: Fragment, days: number): Fragment {
  return dialect === 'postgres'
    ? sql`to_char(CAST(${day} AS date) + CAST(${days} AS integer), 'YYYY-MM-DD')`
    : sql`date(${day}, '+' || ${days} || ' days')`;
}

/**
 * How rows fall into groups: `key` is a column (staff, tier, channel) or the ISO week of a date column
 * (a CASE over the weeks' first days, bound as values); `grouped` false for the whole period.
 */
interface Grouping {
  key: (table: 'task' | 'visit' | 'issue') => Fragment;
  grouped: boolean;
}

const DATE_COLUMN = { task: sql`t.due_on`, visit: sql`v.at`, issue: sql`i.raised_at` } as const;

/**
 * `CASE WHEN col < next week's first day THEN …`: a date or a 'YYYY-MM-DD HH:mm' before the next
 * bucket's first day is in this one. The keys are cast to text: PostgreSQL cannot type a bare value in a select list.
 */
function bucketCase(column: Fragment, buckets: readonly NamedPeriod[]): Fragment {
  const key = (b: NamedPeriod) => sql`CAST(${b.key} AS text)`;
  const last = buckets[buckets.length - 1] as NamedPeriod;
  if (buckets.length === 1) return key(last); // SQL has no CASE without a WHEN
  const whens = buckets.slice(0, -1).map((b, i) => sql`WHEN ${column} < ${(buckets[i + 1] as NamedPeriod).from} THEN ${key(b)}`);
  return sql`CASE ${sql.join(whens, sql` `)} ELSE ${key(last)} END`;
}

function grouping(by: Grouper, p: Period): Grouping {
  if (by === 'week') {
    const weeks = weeksOf(p);
    return { key: (table) => bucketCase(DATE_COLUMN[table], weeks), grouped: true };
  }
  const keys: Record<Exclude<Grouper, 'week'>, Record<'task' | 'visit' | 'issue', Fragment>> = {
    staff: {
      task: sql`coalesce(t.assigned_to, ${customerField('owner', 't')}, '—')`,
      visit: sql`coalesce(v.staff, ${customerField('owner', 'v')}, '—')`,
      issue: sql`coalesce(v.staff, ${customerField('owner', 'i')}, '—')`,
    },
    tier: { task: customerField('tier', 't'), visit: customerField('tier', 'v'), issue: customerField('tier', 'i') },
    channel: { task: sql`t.channel`, visit: sql`v.channel`, issue: sql`coalesce(v.channel, 'phone')` },
    none: { task: sql`'all'`, visit: sql`'all'`, issue: sql`'all'` },
  };
  return { key: (table) => keys[by][table], grouped: by !== 'none' };
}

/** Without GROUP BY an aggregate gives one row even when nothing matched: such a row is no group. */
const groupBy = (columns: number[]) => (columns.length ? sql.raw(`GROUP BY ${columns.join(', ')}`) : sql``);

function taskCounts(db: Db, p: Period, g: Grouping): Map<string, TaskCounts> {
  const done = sql`t.status = 'done' AND t.closed_on <= ${p.to}`;
  const rows = db.iterate<TaskCounts & { key: string }>(
    sql`SELECT ${g.key('task')} AS key, count(*) AS due,
              ${countIf(sql`t.status = 'cancelled' AND t.closed_on <= ${p.to}`)} AS cancelled,
              ${countIf(done)} AS done,
              ${countIf(sql`${done} AND t.closed_on <= t.deadline`)} AS on_time,
              coalesce(sum(CASE WHEN ${done} AND t.closed_on > t.deadline THEN ${daysFrom(db.dialect, sql`t.deadline`, sql`t.closed_on`)} ELSE 0 END), 0) AS late_days,
              count(DISTINCT CASE WHEN t.status = 'cancelled' AND t.closed_on <= ${p.to} THEN NULL ELSE t.customer_id END) AS customers_due,
              count(DISTINCT CASE WHEN ${done} THEN t.customer_id END) AS customers_reached
       FROM task t WHERE t.due_on BETWEEN ${p.from} AND ${p.to}
       ${groupBy(g.grouped ? [1] : [])}`,
  );
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
  const reached = sql`v.outcome = 'reached'`;
  const day = sql`substr(v.at, 1, 10)`;
  const { fromAt, toAt } = timesOf(p);
  const converted =
    conversionDays === null
      ? sql`0`
      : // The customers with an order in the period are found once; only their calls look for the order.
        countIf(
          sql`${reached} AND v.customer_id IN (SELECT customer_id FROM event WHERE type IN ('order', 'sale') AND occurred_on BETWEEN ${p.from} AND ${p.to})
             AND EXISTS (SELECT 1 FROM event e WHERE e.customer_id = v.customer_id AND e.type IN ('order', 'sale')
               AND e.occurred_on > ${day} AND e.occurred_on <= ${p.to} AND e.occurred_on <= ${plusDays(db.dialect, day, conversionDays)})`,
        );
  const scores = sql.join(
    [1, 2, 3, 4, 5].map((s) => sql`${countIf(sql`${reached} AND v.score = ${sql.lit(s)}`)} AS ${sql.ref(`s${s}`)}`),
    sql`, `,
  );
  const rows = db.iterate<Omit<VisitCounts, 'scores'> & { key: string; caller: string | null; day: string; s1: number; s2: number; s3: number; s4: number; s5: number }>(
    sql`SELECT ${g.key('visit')} AS key, ${perDay ? CALLER : sql`NULL`} AS caller, ${perDay ? day : sql`''`} AS day, count(*) AS attempts, ${countIf(reached)} AS reached,
              ${scores},
              ${countIf(NEEDS_RECORDED)} AS needs, ${converted} AS converted
       FROM visit v WHERE v.at BETWEEN ${fromAt} AND ${toAt} AND ${CURRENT_VISIT}
       ${groupBy([...(g.grouped ? [1] : []), ...(perDay ? [2, 3] : [])])}`,
  );
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
  const { fromAt, toAt: end } = timesOf(p);
  const open = sql`(i.confirmed_at IS NULL OR i.confirmed_at > ${end})`;
  const starts = openAgeStarts(p.to);
  const raisedOn = sql`substr(i.raised_at, 1, 10)`;
  const rows = db.iterate<{
    key: string;
    raised: number;
    responded_in_sla: number;
    resolved_in_sla: number;
    a3: number;
    a7: number;
    a30: number;
    older: number;
  }>(
    sql`SELECT ${g.key('issue')} AS key, count(*) AS raised,
              ${countIf(sql`i.responded_at <= ${end} AND i.responded_at <= i.respond_by`)} AS responded_in_sla,
              ${countIf(sql`i.resolved_at <= ${end} AND i.resolved_at <= i.resolve_by`)} AS resolved_in_sla,
              ${countIf(sql`${open} AND ${raisedOn} >= ${starts['0-3']}`)} AS a3,
              ${countIf(sql`${open} AND ${raisedOn} < ${starts['0-3']} AND ${raisedOn} >= ${starts['4-7']}`)} AS a7,
              ${countIf(sql`${open} AND ${raisedOn} < ${starts['4-7']} AND ${raisedOn} >= ${starts['8-30']}`)} AS a30,
              ${countIf(sql`${open} AND ${raisedOn} < ${starts['8-30']}`)} AS older
       FROM issue i LEFT JOIN visit v ON v.id = i.visit_id
       WHERE i.raised_at BETWEEN ${fromAt} AND ${end}
       ${groupBy(g.grouped ? [1] : [])}`,
  );
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
  const byKind = issueCounts(db, p, { key: () => sql`i.category || '/' || i.level`, grouped: true });
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
export function lowScoreCalls(db: Db, p: Period, maxScore: number, limit: number): LowScoreCall[] {
  const order = sql`v.score, v.at, v.id`;
  const { fromAt, toAt } = timesOf(p);
  return db.all<LowScoreCall>(
    sql`SELECT v.id, v.at, c.code, c.name, v.staff, v.score, v.feedback FROM visit v JOIN customer c ON c.id = v.customer_id
       WHERE v.id IN (SELECT v.id FROM visit v WHERE v.at BETWEEN ${fromAt} AND ${toAt} AND v.outcome = 'reached' AND v.score <= ${maxScore} AND ${CURRENT_VISIT}
                      ORDER BY ${order} LIMIT ${limit})
       ORDER BY ${order}`,
  );
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
  const { fromAt, toAt } = timesOf(p);
  const rows = db.iterate<{ result: keyof typeof counts; n: number }>(
    // CROSS JOIN keeps the audits (a few hundred a month) as the outer loop: SQLite would otherwise
    // walk every call of the period to look for their audits.
    sql`SELECT a.result, count(*) AS n FROM audit a CROSS JOIN visit v
       WHERE v.id = a.visit_id AND v.at BETWEEN ${fromAt} AND ${toAt} AND a.id = (SELECT max(id) FROM audit b WHERE b.visit_id = a.visit_id)
       GROUP BY a.result`,
  );
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
  const supervisors = new Set(db.values<string>(sql`SELECT name FROM staff WHERE role = 'supervisor'`));
  const assignee = sql`coalesce(t.assigned_to, ${customerField('owner', 't')})`;
  const clerks = db
    .values<string>(sql`SELECT DISTINCT ${assignee} FROM task t WHERE t.due_on BETWEEN ${p.from} AND ${p.to} AND ${assignee} IS NOT NULL`)
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
 * The aggregates of the detail rows, one per dialect: SQLite has group_concat and its JSON1
 * functions, PostgreSQL string_agg and json_agg (which give NULL, not '[]', over no rows). The
 * tasks in id order (SQLite's group_concat reads them so, by the done_visit index); the issues are
 * parsed by the CSV writer, so the JSON's spacing does not matter.
 */
function rulesDone(dialect: Dialect): Fragment {
  return dialect === 'postgres' ? sql`string_agg(t.rule, '; ' ORDER BY t.id)` : sql`group_concat(t.rule, '; ')`;
}
function issuesRaised(dialect: Dialect): Fragment {
  return dialect === 'postgres'
    ? sql`coalesce(json_agg(json_build_object('level', i.level, 'category', i.category, 'description', i.description, 'department', i.department) ORDER BY i.id), '[]')`
    : sql`json_group_array(json_object('level', i.level, 'category', i.category, 'description', i.description, 'department', i.department))`;
}

/**
 * The period's visit records (回访记录明细), with the tasks each did and the issues it raised. The
 * contact is the one the call recorded; a call that recorded none (imported history) shows the
 * customer's contact to dial, by the one rule of domain/contact-to-dial.
 */
export function detailRows(db: Db, p: Period): DetailRow[] {
  const { fromAt, toAt } = timesOf(p);
  const rows = db.all<DetailRow & { customer_id: number; contact_id: number | null }>(
    sql`SELECT v.id, v.customer_id, v.at, c.code, c.name, k.name AS contact, k.phone, v.contact_id, v.staff, v.channel, v.outcome, v.respondent, v.score,
              v.feedback, v.needs, v.signatory, v.supersedes,
              (SELECT ${rulesDone(db.dialect)} FROM task t WHERE t.done_visit_id = v.id) AS tasks,
              (SELECT ${issuesRaised(db.dialect)} FROM issue i WHERE i.visit_id = v.id) AS issues
       FROM visit v JOIN customer c ON c.id = v.customer_id
       LEFT JOIN contact k ON k.id = v.contact_id
       WHERE v.at BETWEEN ${fromAt} AND ${toAt} AND ${CURRENT_VISIT}
       ORDER BY v.at, v.id`,
  );
  const without = [...new Set(rows.filter((r) => r.contact_id === null).map((r) => r.customer_id))];
  // Calls logged by huifang name their contact: only imported history needs the look-up.
  const contacts = without.length ? contactsByCustomer(db, without) : new Map<number, ContactRow[]>();
  return rows.map(({ customer_id, contact_id, ...r }) => {
    if (contact_id !== null) return r;
    const choice = contactToDial(contacts.get(customer_id) ?? []);
    return choice.kind === 'none' ? r : { ...r, contact: choice.contact.name, phone: choice.contact.phone };
  });
}
