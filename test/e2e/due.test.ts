// `huifang due` on a small store built from fixtures/cases with --today fixed; every date hand-computed (SPEC §3). On SQLite and PostgreSQL.
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { CASES, CUSTOMERS_RECORDED_ON, dumpStore, newStore, runCli, storeKinds, tempDir } from '../helpers.js';

const TODAY = '2026-11-23';
interface DueJson {
  today: string;
  working_day: boolean;
  items: {
    rank: number;
    urgency: number;
    customer: { code: string; tier: string; stage: string };
    contact: { name: string; phone: string };
    tasks: { id: number; rule: string; due_on: string; deadline: string; overdue_days: number; attempts: number }[];
    last_visit: { date: string; score: number } | null;
    open_issues: number;
  }[];
  greetings: unknown[];
  more: number;
  warnings: string[];
}

describe.each(storeKinds)('on %s', (kind) => {
  let db: string;
  const cli = (...args: string[]) => runCli(['--db', db, '--today', TODAY, ...args]);

  function build(order: ('events' | 'visits')[]) {
    db = newStore(kind);
    expect(cli('init').code).toBe(0);
    expect(runCli(['--db', db, '--today', CUSTOMERS_RECORDED_ON, 'import', 'customers', path.join(CASES, 'customers-utf8-bom.csv')]).code).toBe(0);
    for (const what of order) {
      const r = cli('import', what, path.join(CASES, `${what}-good.csv`));
      expect(r.code, r.stderr).toBe(0);
    }
  }


  const dueJson = (...args: string[]) => {
    const r = cli('due', '--json', ...args);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as DueJson;
  };

  describe('due --json on the fixture store (INTERFACE.md contract)', () => {
    beforeEach(() => build(['events', 'visits']));

    it('lists each customer once, with every due purpose and hand-computed dates', () => {
      const due = dueJson();
      expect(due.today).toBe(TODAY);
      expect(due.working_day).toBe(true);
      expect(due.items.map((i) => i.customer.code)).toEqual(['C001', 'C002', 'C003']);
      const [c1, c2, c3] = due.items;
      // C001: tier A from 5,000,000 (SPEC §3.1), tagged key.
      //  onsite: no on-site visit yet, and since 2024-03-01 + 3 months (key, quarterly) = 2024-06-03 had
      //  passed when it was recorded (Sunday 2025-06-01): a first contact (SPEC §3.0), alone in 王芳's
      //  spread → the first working day after, 06-03 (06-02 is the Dragon Boat holiday).
      //  routine: last imported reached visit 03-10 + 1 month = 2026-04-10 (Fri).
      //  first_call (delivery 03-01 + 1 month) was done by the 03-10 call: its window opens at the delivery.
      //  second_call: 03-01 + 3 months = 06-01 (Mon); third_call: + 6 months = 09-01 (Tue).
      //  wake_up: last transaction, the order of 04-10, + 6 months = 10-10, a make-up working Saturday.
      expect(c1?.tasks.map((t) => [t.rule, t.due_on]).sort()).toEqual([
        ['onsite', '2025-06-03'],
        ['routine', '2026-04-10'],
        ['second_call', '2026-06-01'],
        ['third_call', '2026-09-01'],
        ['wake_up', '2026-10-10'],
      ]);
      // overdue_days: calendar days from due_on to today (INTERFACE.md).
      expect(c1?.tasks.find((t) => t.rule === 'routine')?.overdue_days).toBe(227);
      expect(c1?.contact).toEqual({ name: '周建国', phone: '138****5678' }); // masked: no --reveal (INTERFACE.md)
      expect(c1?.last_visit).toEqual({ date: '2026-03-10', score: 5 });
      // C002: routine from the on-site visit of 2026-05-09 + 3 months = 08-09 (Sun) → 08-10. The
      // complaint's ad-hoc visit and the complaint callback were both done by that visit.
      expect(c2?.tasks.map((t) => [t.rule, t.due_on])).toEqual([['routine', '2026-08-10']]);
      // C003: no history → since 2025-01-20 + 6 months = 07-20 (Sun) → 2025-07-21.
      expect(c3?.tasks.map((t) => [t.rule, t.due_on])).toEqual([['routine', '2025-07-21']]);
      // Urgency: overdue capped at 60 days, + tier (A 3, B 2, C 1), + 2 escalated, + 0.1 per extra task.
      expect(due.items.map((i) => i.urgency)).toEqual([65.4, 64, 63]);
      expect(due.items.map((i) => i.rank)).toEqual([1, 2, 3]);
      expect(due.warnings).toEqual([]);
    });

    it('running due twice plans nothing twice', () => {
      dueJson();
      const once = dumpStore(db);
      dueJson();
      cli('plan');
      expect(dumpStore(db)).toEqual(once);
    });

    it('filters by tier, limits with a count of who is waiting', () => {
      expect(dueJson('--tier', 'B').items.map((i) => i.customer.code)).toEqual(['C002']);
      const limited = dueJson('--limit', '1');
      expect(limited.items).toHaveLength(1);
      expect(limited.more).toBe(2);
    });

    it('a clerk sees their own list, cut at their daily capacity, with a count of who waits', () => {
      // All three customers belong to different owners: 王芳 (C001), 李娜 (C002), 张伟 (C003).
      expect(dueJson('--staff', '李娜').items.map((i) => i.customer.code)).toEqual(['C002']);
      expect(cli('customer', 'set', 'C003', '--owner', '王芳').code).toBe(0);
      expect(dueJson('--staff', '王芳').items.map((i) => i.customer.code)).toEqual(['C001', 'C003']);
      expect(cli('staff', 'set', '王芳', '--capacity', '1').code).toBe(0);
      const capped = dueJson('--staff', '王芳');
      expect(capped.items.map((i) => i.customer.code)).toEqual(['C001']);
      expect(capped.more).toBe(1);
      const unknown = cli('due', '--staff', '无名氏');
      expect(unknown.code).toBe(3);
      expect(unknown.stderr).toContain('No staff member called 无名氏');
    });

    it('a supervisor also sees everything escalated', () => {
      expect(cli('staff', 'set', '陈静', '--role', 'supervisor').code).toBe(0);
      // Every task here is more than 5 working days late, so the supervisor sees all three customers.
      expect(dueJson('--staff', '陈静').items.map((i) => i.customer.code)).toEqual(['C001', 'C002', 'C003']);
    });

    it('a rescheduled task leaves the list until its new day but keeps its due date', () => {
      const task = dueJson().items[2]?.tasks[0];
      expect(cli('task', 'reschedule', String(task?.id), '--to', '2026-11-25', '--reason', '客户出差').code).toBe(0);
      expect(dueJson().items.map((i) => i.customer.code)).toEqual(['C001', 'C002']);
      const later = JSON.parse(runCli(['--db', db, '--today', '2026-11-25', 'due', '--json']).stdout) as DueJson;
      const again = later.items.find((i) => i.customer.code === 'C003')?.tasks[0];
      expect(again?.due_on).toBe('2025-07-21');
    });

    it('a lost customer leaves the list and its open tasks are cancelled', () => {
      expect(cli('customer', 'set', 'C002', '--status', 'lost').code).toBe(0);
      expect(dueJson().items.map((i) => i.customer.code)).toEqual(['C001', 'C003']);
      const plan = JSON.parse(runCli(['--db', db, '--today', TODAY, 'plan', '--month', '2026-08', '--json']).stdout) as {
        tasks: { code: string; status: string; close_reason: string }[];
      };
      expect(plan.tasks.find((t) => t.code === 'C002')).toMatchObject({ status: 'cancelled', close_reason: 'status:lost' });
    });

    it('on a Sunday it says so and lists the next working day', () => {
      const r = runCli(['--db', db, '--today', '2026-11-22', '--lang', 'zh', 'due']);
      expect(r.stdout).toContain('2026-11-22 星期日 · 休息日');
      expect(r.stdout).toContain('今天休息，下面是下一个工作日 2026-11-23（星期一）的清单。');
    });

    it('warns once per year the calendar does not cover', () => {
      // Today in 2035: no package data and no override for that year (chinese-days covers 2004–2026).
      const w = JSON.parse(runCli(['--db', db, '--today', '2035-01-02', 'due', '--json']).stdout) as DueJson;
      expect(w.warnings).toHaveLength(1);
      expect(w.warnings[0]).toContain('2035');
    });

    it('--explain shows where each date comes from', () => {
      const r = cli('due', '--explain', 'C003');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('from the start of cooperation, 2025-01-20, +6 months → 2025-07-20');
      expect(r.stdout).toContain('2025-07-20 is a weekend day: moved to 2025-07-21');
    });

    it('--csv is a call sheet with a BOM and masked phones', () => {
      const r = cli('due', '--csv');
      expect(r.stdout.split('\r\n')[0]).toBe('\uFEFFRank,Code,Customer,Tier,Stage,Contact,Phone,Purpose,Due,Days overdue,Last visit,Last score,Issues,Channel,Tries,Urgency');
      expect(r.stdout).toContain('138****5678');
      expect(r.stdout).not.toContain('13812345678');
      expect(cli('due', '--csv', '--reveal').stdout).toContain('13812345678');
    });
  });

  describe('the plan does not depend on import order (SPEC §3.0)', () => {
    it('visits before events or events before visits give the same tasks', () => {
      const shape = () =>
        (dumpStore(db).task as Record<string, unknown>[])
          .map(({ id: _id, ...t }) => t)
          .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      build(['events', 'visits']);
      const a = shape();
      build(['visits', 'events']);
      expect(shape()).toEqual(a);
    });
  });

  describe('policy import', () => {
    it('a policy with errors lists every problem with its path and changes nothing', () => {
      build(['events', 'visits']);
      const dir = tempDir();
      const good = path.join(dir, 'p.json');
      expect(cli('policy', 'export', good).code).toBe(0);
      const bad = path.join(dir, 'bad.json');
      const doc = JSON.parse(fs.readFileSync(good, 'utf8'));
      doc.rules[1].channel = 'fax';
      doc.tiers[0].min_annual_purchase = -1;
      fs.writeFileSync(bad, JSON.stringify(doc));
      const before = dumpStore(db);
      const r = cli('policy', 'import', bad);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(`${bad}: tiers.0.min_annual_purchase:`);
      expect(r.stderr).toContain(`${bad}: rules.1.channel:`);
      expect(dumpStore(db)).toEqual(before);
      expect(cli('policy', 'import', good).code).toBe(0);
    });
  });
});
