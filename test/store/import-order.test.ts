// Import order never matters (SPEC §3.0): the same facts imported in every order give the same plan.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src/app/import-file.js';
import { initStore } from '../../src/commands/init.js';
import { policyImport } from '../../src/commands/policy.js';
import { defaultPolicy, type EventRule, type PeriodicRule } from '../../src/domain/policy.js';
import { dumpStore, tempDir, testContext } from '../helpers.js';

const TODAY = '2026-11-23';

// Every fact a changed import can move lies after today (recent customers, coming events, December
// holidays, first contacts of long-neglected customers), or is one that none of the files changes:
// what is due by today keeps its date whatever comes later, so only the future can show the order.
const FILES = {
  customers: `code,name,tier,since,owner,tags
A1,Old A,A,2018-05-01,王芳,
A2,Key A,A,2019-03-01,李娜,key
B1,Old B,B,2020-01-01,王芳,
B2,Old B2,B,2020-06-01,李娜,
C1,History C,C,2021-01-01,王芳,
C2,Recent C,C,2026-09-01,李娜,
C3,Events C,C,2026-08-20,王芳,
C4,Old C4,C,2017-02-01,王芳,
C5,Old C5,C,2017-03-01,王芳,
C6,Old C6,C,2017-04-01,李娜,
C7,Old C7,C,2017-05-01,李娜,
`,
  events: `customer,type,date,ref
C3,delivery,2026-11-10,D1
C3,discharge,2026-12-05,H1
C2,order,2026-06-01,O1
A1,delivery,2026-05-10,D2
B2,appointment,2026-12-15,AP1
C1,complaint_resolved,2026-11-20,CR1
`,
  visits: `customer,at,staff,channel,outcome,score
C1,2026-09-15 10:00,王芳,phone,reached,5
C3,2026-11-15 10:00,王芳,phone,reached,4
A2,2026-10-20 10:00,李娜,onsite,reached,5
B1,2026-11-02 15:00,王芳,phone,no_answer,
`,
  holidays: `date,kind,name
2026-12-07,holiday,closed
2026-12-10,holiday,closed
2026-12-19,workday,make-up
`,
  policy: (() => {
    // Tier C every 4 months instead of 6, first contacts within 15 working days, discharge calls after 3 days.
    const p = defaultPolicy();
    const routine = p.rules.find((r) => r.id === 'routine') as PeriodicRule;
    routine.intervals = routine.intervals.map((i) => (i.when.tiers?.includes('C') ? { ...i, every: { months: 4 } } : i));
    (p.rules.find((r) => r.id === 'discharge_call') as EventRule).due = { days: 3 };
    p.onboarding_working_days = 15;
    return JSON.stringify(p);
  })(),
};
type Kind = 'events' | 'visits' | 'holidays' | 'policy';

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
}

/** The task rows of a store built in this order, without their ids (which follow the order of planning). */
async function planAfter(order: Kind[]): Promise<unknown[]> {
  const dir = tempDir();
  const dbPath = path.join(dir, 'h.db');
  const { ctx } = testContext({ dbPath, today: TODAY });
  initStore(ctx).close();
  const file = (kind: keyof typeof FILES) => {
    const f = path.join(dir, kind === 'policy' ? 'policy.json' : `${kind}.csv`);
    fs.writeFileSync(f, FILES[kind]);
    return f;
  };
  // Customers come first: events and visits name them.
  await importFile(ctx, 'customers', file('customers'));
  for (const kind of order) {
    if (kind === 'policy') policyImport(ctx, file('policy'));
    else await importFile(ctx, kind, file(kind));
  }
  return (dumpStore(dbPath).task as Record<string, unknown>[])
    .map(({ id: _id, ...row }) => row)
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

describe('re-planning after changed facts is order-independent (SPEC §3.0)', () => {
  it('events, visits, holidays and a policy imported in all 24 orders give identical task rows', async () => {
    const orders = permutations<Kind>(['events', 'visits', 'holidays', 'policy']);
    expect(orders).toHaveLength(24);
    const first = await planAfter(orders[0] as Kind[]);
    // The facts reach every kind of rule the files can move: first contacts, routine and on-site
    // tasks, event steps, a reminder, a wake-up call and a complaint callback.
    const rules = new Set(first.map((r) => (r as { rule: string }).rule));
    expect([...rules].sort()).toEqual(
      ['appointment_reminder', 'complaint_callback', 'discharge_call', 'first_call', 'onsite', 'routine', 'second_call', 'third_call', 'wake_up'].sort(),
    );
    for (const order of orders.slice(1)) {
      expect(await planAfter(order), order.join(' → ')).toEqual(first);
    }
  });
});
