// Changed facts and passing time re-plan the future, never the past (SPEC §3.0); dates hand-computed on the 2026 calendar.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dueCommand } from '../../src/commands/due.js';
import { importFile } from '../../src/app/import-file.js';
import { initStore } from '../../src/commands/init.js';
import { policyImport } from '../../src/commands/policy.js';
import { taskReschedule } from '../../src/commands/task.js';
import { defaultPolicy, type PeriodicRule } from '../../src/domain/policy.js';
import { openStore } from '../../src/store/db.js';
import { ensurePlanCurrent, planContext, replan } from '../../src/app/plan-sync.js';
import { InputError } from '../../src/errors.js';
import { dumpStore, tempDir, testContext, sqliteRaw } from '../helpers.js';

interface Row {
  rule: string;
  due_on: string;
  deadline: string;
  status: string;
}

/** A fresh store made on `madeOn`; `at(today)` runs commands on another day. */
function store(madeOn: string) {
  const dir = tempDir();
  const dbPath = path.join(dir, 'h.db');
  initStore(testContext({ dbPath, today: madeOn }).ctx).close();
  const file = (name: string, text: string) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    return f;
  };
  const at = (today: string) => testContext({ dbPath, today }).ctx;
  const tasks = (code: string): Row[] => {
    const db = openStore(dbPath, { readonly: true });
    try {
      return sqliteRaw(db)
        .prepare(
          `SELECT t.rule, t.due_on, t.deadline, t.status FROM task t JOIN customer c ON c.id = t.customer_id
           WHERE c.code = ? ORDER BY t.due_on, t.rule`,
        )
        .all(code) as Row[];
    } finally {
      db.close();
    }
  };
  /** What the horizon move does when a command runs on `today` (due and plan call it first). */
  const commandOn = (today: string) => {
    const db = openStore(dbPath);
    try {
      ensurePlanCurrent(db, planContext(db, today));
    } finally {
      db.close();
    }
  };
  /** A full re-plan of every customer: what it would still change (all zero when the plan is current). */
  const fullReplan = (today: string) => {
    const db = openStore(dbPath);
    try {
      return db.transaction(() => replan(db, 'all', planContext(db, today)));
    } finally {
      db.close();
    }
  };
  return { dbPath, file, at, tasks, commandOn, fullReplan };
}

describe('the monthly horizon move (SPEC §3.0 "when the planning horizon moves")', () => {
  it('plans the wake-up call a full re-plan plans, even when the store was made on another day', async () => {
    // The store is made by `init` on the real clock (2026-11-26), then filled and used with --today.
    const s = store('2026-11-26');
    const june = s.at('2026-06-10');
    await importFile(june, 'customers', s.file('c.csv', 'code,name,tier,since,owner\nK1,Test Co,B,2026-05-01,王芳\n'));
    await importFile(june, 'events', s.file('e.csv', 'customer,type,date,ref\nK1,order,2025-11-20,O1\nK1,order,2026-03-15,O2\n'));
    for (const today of ['2026-07-14', '2026-08-14', '2026-09-14']) s.commandOn(today);
    // Dormancy (SPEC §3.3): last order 2026-03-15 + 6 months = 2026-09-15, a Tuesday; deadline +7 days
    // grace = 09-22 (Tuesday). Its horizon is the end of next month: from 08-14 on (horizon 09-30) it is planned.
    expect(s.tasks('K1').filter((t) => t.rule === 'wake_up')).toEqual([
      { rule: 'wake_up', due_on: '2026-09-15', deadline: '2026-09-22', status: 'open' },
    ]);
    expect(s.fullReplan('2026-09-14')).toEqual({ customers: 1, inserted: 0, closed: 0, removed: 0, moved: 0 });
  });
});

describe('changed facts move untouched future tasks (SPEC §3.0 "Changes of facts re-plan the future")', () => {
  it('a holidays file imported after the events moves the discharge call off the new holiday, unless someone rescheduled it', async () => {
    const s = store('2026-11-23');
    const ctx = s.at('2026-11-23');
    await importFile(ctx, 'customers', s.file('c.csv', 'code,name,tier,since,owner\nK1,Test Co,C,2026-10-01,王芳\nK2,Other Co,C,2026-10-01,王芳\n'));
    await importFile(ctx, 'events', s.file('e.csv', 'customer,type,date\nK1,discharge,2026-12-05\nK2,discharge,2026-12-05\n'));
    // §3.2: discharge Saturday 12-05 + 2 days = Monday 12-07; deadline + 3 days = Tuesday 12-08.
    expect(s.tasks('K1').find((t) => t.rule === 'discharge_call')).toMatchObject({ due_on: '2026-12-07', deadline: '2026-12-08' });
    // K2's call is touched: a clerk rescheduled it (SPEC §3.0: only untouched tasks are recomputed).
    const db = openStore(s.dbPath, { readonly: true });
    const k2 = sqliteRaw(db).prepare("SELECT t.id FROM task t JOIN customer c ON c.id = t.customer_id WHERE c.code = 'K2' AND t.rule = 'discharge_call'").pluck().get() as number;
    db.close();
    taskReschedule(ctx, String(k2), { to: '2026-12-09', reason: '家属要求' });
    await importFile(ctx, 'holidays', s.file('h.csv', 'date,kind,name\n2026-12-07,holiday,closed\n'));
    // §3.5: 12-07 is now a holiday → the next working day, Tuesday 12-08 (the deadline stays 12-08).
    expect(s.tasks('K1').find((t) => t.rule === 'discharge_call')).toMatchObject({ due_on: '2026-12-08', deadline: '2026-12-08' });
    expect(s.tasks('K2').find((t) => t.rule === 'discharge_call')).toMatchObject({ due_on: '2026-12-07', deadline: '2026-12-08' });
  });

  it('a corrected event date (same ref) moves its calls; a call due by today keeps its date', async () => {
    const s = store('2026-02-25');
    const feb = s.at('2026-02-25');
    await importFile(feb, 'customers', s.file('c.csv', 'code,name,tier,since,owner\nK1,Test Co,C,2026-02-01,王芳\n'));
    await importFile(feb, 'events', s.file('e1.csv', 'customer,type,date,ref\nK1,delivery,2026-03-02,REF-1\n'));
    const calls = () => s.tasks('K1').filter((t) => t.rule.endsWith('_call')).map((t) => `${t.rule} ${t.due_on}`);
    // §3.2: delivery 03-02 + 1/3/6 months = Thursday 04-02, Tuesday 06-02, Wednesday 09-02.
    expect(calls()).toEqual(['first_call 2026-04-02', 'second_call 2026-06-02', 'third_call 2026-09-02']);
    await importFile(feb, 'events', s.file('e2.csv', 'customer,type,date,ref\nK1,delivery,2026-03-09,REF-1\n'));
    // Corrected to 03-09: Thursday 04-09, Tuesday 06-09, Wednesday 09-09.
    expect(calls()).toEqual(['first_call 2026-04-09', 'second_call 2026-06-09', 'third_call 2026-09-09']);
    // Corrected again on 04-10, after the first call's date 04-09: that one stays, the others move
    // to 03-16 + 3/6 months = Tuesday 06-16, Wednesday 09-16.
    await importFile(s.at('2026-04-10'), 'events', s.file('e3.csv', 'customer,type,date,ref\nK1,delivery,2026-03-16,REF-1\n'));
    expect(calls()).toEqual(['first_call 2026-04-09', 'second_call 2026-06-16', 'third_call 2026-09-16']);
  });

  it('a policy import moves open periodic tasks due after today, and keeps those due by today', async () => {
    const s = store('2026-06-10');
    const ctx = s.at('2026-06-10');
    await importFile(
      ctx,
      'customers',
      s.file('c.csv', 'code,name,tier,since,owner\nNEW,New Co,C,2026-05-11,王芳\nDUE,Due Co,C,2025-12-10,王芳\n'),
    );
    const routine = (code: string) => s.tasks(code).find((t) => t.rule === 'routine');
    // §3.1 tier C every 6 months: 05-11 → Wednesday 11-11 (deadline +7 = 11-18); 2025-12-10 → Wednesday 2026-06-10, today.
    expect(routine('NEW')).toMatchObject({ due_on: '2026-11-11', deadline: '2026-11-18' });
    expect(routine('DUE')).toMatchObject({ due_on: '2026-06-10', deadline: '2026-06-17' });
    const policy = defaultPolicy();
    const rule = policy.rules.find((r) => r.id === 'routine') as PeriodicRule;
    rule.intervals = rule.intervals.map((i) => (i.when.tiers?.includes('C') ? { ...i, every: { months: 3 } } : i));
    policyImport(ctx, s.file('p.json', JSON.stringify(policy)));
    // Every 3 months: 05-11 → Tuesday 08-11, deadline 08-18. The task due today keeps 06-10.
    expect(routine('NEW')).toMatchObject({ due_on: '2026-08-11', deadline: '2026-08-18' });
    expect(routine('DUE')).toMatchObject({ due_on: '2026-06-10', deadline: '2026-06-17' });
  });

  it('a policy with a negative interval is refused whole: exit 3, every problem listed, nothing changed (issue 9 point 5)', async () => {
    const s = store('2026-06-10');
    const ctx = s.at('2026-06-10');
    await importFile(ctx, 'customers', s.file('c.csv', 'code,name,tier,since,owner\nNEW,New Co,C,2026-05-11,王芳\n'));
    const before = dumpStore(s.dbPath);
    const policy = defaultPolicy() as unknown as { rules: { intervals?: { every: object }[] }[]; urgency: { rule: Record<string, number> } };
    const routine = policy.rules[0]?.intervals ?? [];
    (routine[2] as { every: object }).every = { months: -3 };
    policy.urgency.rule.no_such_rule = 1;
    let error: unknown;
    try {
      policyImport(ctx, s.file('p.json', JSON.stringify(policy)));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems.map((p) => String(p.params?.problem).split(':')[0])).toEqual([
      'rules.0.intervals.2.every',
      'urgency.rule.no_such_rule',
    ]);
    expect(dumpStore(s.dbPath)).toEqual(before);
  });
});

describe('day one on an old customer list (SPEC §3.0 "Long-neglected customers")', () => {
  // 40 tier C customers of 王芳, cooperating since 2019 and never followed up, recorded Monday 2026-11-23.
  const codes = Array.from({ length: 40 }, (_, i) => `K${String(i).padStart(2, '0')}`);
  const customers = `code,name,tier,since,owner\n${codes.map((c) => `${c},${c} Co,C,2019-01-01,王芳`).join('\n')}\n`;
  const perDay = (s: ReturnType<typeof store>) => {
    const db = openStore(s.dbPath, { readonly: true });
    try {
      return sqliteRaw(db)
        .prepare("SELECT due_on, count(*) AS n, min(deadline) AS deadline FROM task WHERE rule = 'routine' AND status = 'open' GROUP BY due_on ORDER BY due_on")
        .all() as { due_on: string; n: number; deadline: string }[];
    } finally {
      db.close();
    }
  };

  it('spreads the first contacts over the 20 working days after recording: nobody overdue, nobody escalated', async () => {
    const s = store('2026-11-23');
    await importFile(s.at('2026-11-23'), 'customers', s.file('c.csv', customers));
    // 40 over 20 working days = 2 a day, from Tuesday 11-24 to Monday 12-21 (the 20th working day,
    // counted in the planner test), which is every first contact's deadline.
    const days = perDay(s);
    expect(days).toHaveLength(20);
    expect(days.every((d) => d.n === 2 && d.deadline === '2026-12-21')).toBe(true);
    expect(days[0]?.due_on).toBe('2026-11-24');
    // On 11-24 the list holds that day's two calls, due today: 0 days overdue, no escalation.
    const env = testContext({ dbPath: s.dbPath, today: '2026-11-24' });
    await dueCommand(env.ctx, { json: true });
    const due = JSON.parse(env.out()) as { items: { tasks: { rule: string; overdue_days: number; escalated: boolean }[] }[] };
    expect(due.items).toHaveLength(2);
    expect(due.items.flatMap((i) => i.tasks).map((t) => [t.rule, t.overdue_days, t.escalated])).toEqual([
      ['routine', 0, false],
      ['routine', 0, false],
    ]);
    // `due --explain` says where the date comes from: the spread, counted from the day recorded.
    const code = (due.items[0] as unknown as { customer: { code: string } }).customer.code;
    const explained = testContext({ dbPath: s.dbPath, today: '2026-11-24' });
    await dueCommand(explained.ctx, { explain: code });
    expect(explained.out()).toMatch(/first-contact spread of long-neglected customers after the day the customer was recorded, 2026-11-23 \(\d+\/40\), \+1 working day → 2026-11-24/);
  });

  it('history imported for half of them re-spreads the other half, customers the import did not touch', async () => {
    const s = store('2026-11-23');
    const ctx = s.at('2026-11-23');
    await importFile(ctx, 'customers', s.file('c.csv', customers));
    const half = codes.slice(0, 20);
    await importFile(ctx, 'visits', s.file('v.csv', `customer,at,staff,channel,outcome,score\n${half.map((c) => `${c},2026-10-01 10:00,王芳,phone,reached,5`).join('\n')}\n`));
    // The 20 with history count from their call: 10-01 + 6 months = 2027-04-01. The other 20 now
    // have the 20 working days to themselves: one a day, 11-24 … 12-21.
    const days = perDay(s);
    expect(days.filter((d) => d.due_on < '2027-01-01').map((d) => d.n)).toEqual(Array(20).fill(1));
    expect(days.find((d) => d.due_on === '2027-04-01')?.n).toBe(20);
  });
});
