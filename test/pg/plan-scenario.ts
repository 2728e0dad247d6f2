// A planning scenario built once and replayed on both stores (test/pg/plan.test.ts, test/pg/plan-bench.ts).
import fs from 'node:fs';
import path from 'node:path';
import { importFile } from '../../src/app/import-file.js';
import { initStore } from '../../src/commands/init.js';
import { createStore, openStore, type Db } from '../../src/store/db.js';
import { PgDb } from '../../src/store/pg-driver.js';
import { sql } from '../../src/store/sql.js';
import type { Context } from '../../src/cli/context.js';

/** The day the generated customers are recorded: those whose first routine date passed get first contacts (SPEC §3.0). */
export const RECORDED_ON = '2026-06-01';
/** The day events and visits are imported. */
export const IMPORTED_ON = '2026-06-10';

const STAFF = ['王芳', '李娜', '张伟'];
const EVENT_TYPES = ['delivery', 'order', 'appointment', 'discharge', 'complaint_resolved', 'repair_done', 'sale', 'life_event'];

/** A small deterministic generator (no Math.random: the scenario is the same on every run). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const day = (base: string, offset: number) => {
  const d = new Date(`${base}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
};

/** CSV text of n customers with their events and visit history: tiers, cadences, reminders, history all mixed. */
export function scenarioCsv(n: number, seed = 14): { customers: string; events: string; visits: string } {
  const rnd = lcg(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)] as T;
  const customers = ['code,name,tier,since,owner,birthday,tags,status'];
  const events = ['customer,type,date,ref'];
  const visits = ['customer,at,staff,channel,outcome,score'];
  let ref = 0;
  for (let i = 1; i <= n; i++) {
    const code = `K${String(i).padStart(6, '0')}`;
    // Some long before they were recorded (long-neglected: first contacts spread), some recent.
    const since = day('2026-05-20', -Math.floor(rnd() * 900));
    const birthday = rnd() < 0.3 ? `19${60 + Math.floor(rnd() * 30)}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-15` : '';
    const tags = rnd() < 0.15 ? 'key' : '';
    const status = rnd() < 0.03 ? 'lost' : 'active';
    customers.push(`${code},${code} Co,${pick(['A', 'B', 'C', 'C'])},${since},${pick(STAFF)},${birthday},${tags},${status}`);
    const nEvents = Math.floor(rnd() * 4);
    for (let e = 0; e < nEvents; e++) {
      events.push(`${code},${pick(EVENT_TYPES)},${day('2026-01-05', Math.floor(rnd() * 330))},R${++ref}`);
    }
    const nVisits = Math.floor(rnd() * 3);
    for (let v = 0; v < nVisits; v++) {
      const reached = rnd() < 0.7;
      const at = `${day('2025-09-01', Math.floor(rnd() * 280))} ${pick(['09:30', '10:15', '15:40'])}`;
      visits.push(`${code},${at},${pick(STAFF)},${pick(['phone', 'phone', 'onsite'])},${reached ? 'reached' : 'no_answer'},${reached ? 3 + Math.floor(rnd() * 3) : ''}`);
    }
  }
  return { customers: `${customers.join('\n')}\n`, events: `${events.join('\n')}\n`, visits: `${visits.join('\n')}\n` };
}

/** How the caller makes a command context (tests: testContext; the bench script its own). */
export type ContextFor = (dbPath: string, today: string) => Context;

/** A SQLite store with the scenario imported through the app (customers on RECORDED_ON, the rest on IMPORTED_ON). */
export async function importedScenario(dir: string, n: number, contextFor: ContextFor): Promise<string> {
  const dbPath = path.join(dir, 'source.db');
  initStore(contextFor(dbPath, RECORDED_ON)).close();
  const csv = scenarioCsv(n);
  for (const kind of ['customers', 'events', 'visits'] as const) {
    const file = path.join(dir, `${kind}.csv`);
    fs.writeFileSync(file, csv[kind]);
    const today = kind === 'customers' ? RECORDED_ON : IMPORTED_ON;
    await importFile(contextFor(dbPath, today), kind, file);
  }
  return dbPath;
}

/** The facts the planner reads, in an order their references allow. */
export const FACT_TABLES = ['staff', 'customer', 'contact', 'event', 'visit', 'issue', 'issue_transition', 'calendar_override'] as const;

/**
 * Copy the facts (not the plan) row by row with their ids, through the store interface. PostgreSQL's
 * identity sequences are moved past the copied ids, so rows added afterwards get new ones.
 */
export function copyFacts(from: Db, to: Db): void {
  to.transaction(() => {
    for (const table of FACT_TABLES) {
      for (const row of from.iterate<Record<string, string | number | null>>(sql`SELECT * FROM ${sql.table(table)} ORDER BY 1`)) {
        const cols = Object.keys(row);
        to.run(sql`INSERT INTO ${sql.table(table)} (${sql.join(cols.map((c) => sql.ref(c)))}) VALUES (${sql.join(cols.map((c) => row[c]))})`);
      }
      if (to.dialect === 'postgres' && table !== 'calendar_override') {
        to.get(sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), coalesce((SELECT max(id) FROM ${sql.table(table)}), 0) + 1, false)`);
      }
    }
  });
}

/** The plan as both stores must hold it: every task by its customer and key (ids aside), links, next plan dates. */
export function planOf(db: Db) {
  const tasks = db.all(
    sql`SELECT c.code, t.rule, t.source_key, t.purpose, t.channel, t.due_on, t.deadline, t.window_opens, t.assigned_to, t.status,
               t.attempts, t.list_on, t.event_id, t.issue_id, t.origin_visit_id, t.done_visit_id, t.closed_on, t.close_reason
        FROM task t JOIN customer c ON c.id = t.customer_id ORDER BY c.code, t.rule, t.source_key`,
  );
  const links = db.all(
    sql`SELECT vt.visit_id, c.code, t.rule, t.source_key FROM visit_task vt JOIN task t ON t.id = vt.task_id
        JOIN customer c ON c.id = t.customer_id ORDER BY vt.visit_id, c.code, t.rule, t.source_key`,
  );
  const nextPlanOn = db.all(sql`SELECT code, next_plan_on FROM customer ORDER BY code`);
  return { tasks, links, nextPlanOn };
}

/** A fresh database on the PostgreSQL server at adminUrl, and how to drop it. */
export function makePgDatabase(adminUrl: string, prefix: string): { url: string; drop: () => void } {
  const name = `${prefix}_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  const admin = new PgDb(adminUrl);
  try {
    admin.exec(`CREATE DATABASE ${name}`);
  } finally {
    admin.close();
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: () => {
      const a = new PgDb(adminUrl);
      try {
        a.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        a.close();
      }
    },
  };
}

/** Close a store if it was opened. */
export function closeStore(db: Db | undefined): void {
  db?.close();
}

/** An empty store (schema only) at a SQLite path or a PostgreSQL URL. */
export function emptyStore(location: string): Db {
  return createStore(location);
}

export { openStore };
