// The plan (SPEC §3.0–3.4): the issue's worked examples on the official 2026 calendar, each a hand-computed date.
import { describe, expect, it } from 'vitest';
import { WorkCalendar } from '../../src/domain/calendar.js';
import { officialCalendar } from '../../src/domain/official-calendar.js';
import {
  planCustomer,
  sampleFraction,
  type PlanContext,
  type PlanCustomer,
  type PlanEvent,
  type PlanIssue,
  type PlanVisit,
  type PlannedTask,
} from '../../src/domain/planner.js';
import { defaultPolicy } from '../../src/domain/policy.js';

const calendar = new WorkCalendar(officialCalendar());
const ctx = (today: string, horizonEnd = '2026-12-31'): PlanContext => ({
  policy: defaultPolicy(),
  calendar,
  today,
  horizonEnd,
  supervisor: '陈静',
});

const customer = (over: Partial<PlanCustomer> = {}): PlanCustomer => ({
  id: 1,
  code: 'K1',
  tier: 'C',
  tags: [],
  status: 'active',
  since: '2020-01-01',
  created_on: '2026-01-01',
  owner: '王芳',
  ...over,
});

let nextId = 100;
const visit = (at: string, over: Partial<PlanVisit> = {}): PlanVisit => ({
  id: nextId++,
  date: at.slice(0, 10),
  at: at.length > 10 ? at : `${at} 10:00`,
  channel: 'phone',
  reached: true,
  score: 5,
  source: 'import',
  ...over,
});
const event = (type: string, date: string, id = nextId++): PlanEvent => ({ id, type, date, natural_key: `ref\u001f${type}\u001f${id}`, ref: null });

const only = (tasks: PlannedTask[], rule: string) => tasks.filter((t) => t.rule === rule);
const dates = (tasks: PlannedTask[], rule: string) => only(tasks, rule).map((t) => t.due_on);

describe('routine cadence by tier (SPEC §3.1, [002 §8])', () => {
  it('tier A, last reached visit 2026-03-10 → due 2026-04-10 (monthly)', () => {
    const t = planCustomer(customer({ tier: 'A' }), [], [visit('2026-03-10')], [], ctx('2026-03-20'));
    expect(dates(t, 'routine')).toEqual(['2026-04-10']);
    // Deadline: due + 7 days grace = 04-17, a Friday (SPEC §3.1).
    expect(only(t, 'routine')[0]?.deadline).toBe('2026-04-17');
  });

  it('tier B, last reached 2026-07-10 → 2026-10-10, a make-up working Saturday: stays (SPEC §3.5)', () => {
    const t = planCustomer(customer({ tier: 'B' }), [], [visit('2026-07-10')], [], ctx('2026-07-20'));
    expect(dates(t, 'routine')).toEqual(['2026-10-10']);
  });

  it('tier C, last reached 2026-04-03 → 2026-10-03 (National Day) → 2026-10-08', () => {
    const t = planCustomer(customer({ tier: 'C' }), [], [visit('2026-04-03')], [], ctx('2026-04-20'));
    expect(dates(t, 'routine')).toEqual(['2026-10-08']);
  });

  it('without history, the first routine task counts from `since` (SPEC §3.1)', () => {
    // since 2026-01-15 + 6 months = 07-15, a Wednesday.
    const t = planCustomer(customer({ since: '2026-01-15' }), [], [], [], ctx('2026-02-01'));
    expect(dates(t, 'routine')).toEqual(['2026-07-15']);
    expect(only(t, 'routine')[0]?.outcome.status).toBe('open');
  });

  it('the next routine task counts from the logged visit that did the previous one (SPEC §3.0)', () => {
    // History: reached 2026-03-10 → due 04-10, window opens 04-03. A logged call on 04-08 does
    // it; the next is due 05-08 (a Friday; 05-01..05-05 are Labour Day, 05-09 is a make-up Saturday).
    const logged = visit('2026-04-08 15:00', { source: 'log' });
    const t = planCustomer(customer({ tier: 'A' }), [], [visit('2026-03-10'), logged], [], ctx('2026-04-20'));
    expect(only(t, 'routine').map((x) => [x.due_on, x.outcome.status])).toEqual([
      ['2026-04-10', 'done'],
      ['2026-05-08', 'open'],
    ]);
  });

  it('a call before the window opens does not move the planned task (SPEC §3.0)', () => {
    // Due 04-10, window opens 04-03: a call on 03-25 fulfils nothing, the task stays on 04-10.
    const t = planCustomer(customer({ tier: 'A' }), [], [visit('2026-03-10'), visit('2026-03-25', { source: 'log' })], [], ctx('2026-03-26'));
    expect(only(t, 'routine').map((x) => [x.due_on, x.outcome.status])).toEqual([['2026-04-10', 'open']]);
  });

  it('a fixed-calendar rule counts from the previous due date instead', () => {
    const policy = defaultPolicy();
    const routine = policy.rules.find((r) => r.id === 'routine');
    if (routine?.kind === 'periodic') routine.count_from = 'fixed';
    const late = visit('2026-04-20', { source: 'log' }); // ten days late for the 04-10 task
    const t = planCustomer(customer({ tier: 'A' }), [], [visit('2026-03-10'), late], [], { ...ctx('2026-04-21'), policy });
    // Next due 04-10 + 1 month = 05-10, a Sunday → Monday 05-11.
    expect(dates(t, 'routine')).toEqual(['2026-04-10', '2026-05-11']);
  });
});

describe('on-site visits (SPEC §3.1)', () => {
  it('tier A every 6 months, key accounts every quarter; only an on-site visit does them', () => {
    const phone = visit('2026-05-10', { source: 'log' });
    const t = planCustomer(customer({ tier: 'A', tags: ['key'], since: '2026-01-05' }), [], [phone], [], ctx('2026-05-11'));
    // key → quarterly: 01-05 + 3 months = 04-05 (清明 holiday) → 04-07; the phone call does not count.
    expect(only(t, 'onsite').map((x) => [x.due_on, x.channel, x.outcome.status])).toEqual([['2026-04-07', 'onsite', 'open']]);
  });
});

describe('event rules (SPEC §3.2)', () => {
  it('delivery 2026-01-20 → first 02-20 (Spring Festival) → 02-24, second 04-20, third 07-20', () => {
    const t = planCustomer(customer({ since: '2025-01-01' }), [event('delivery', '2026-01-20')], [], [], ctx('2026-01-21'));
    expect(dates(t, 'first_call')).toEqual(['2026-02-24']);
    expect(dates(t, 'second_call')).toEqual(['2026-04-20']);
    expect(dates(t, 'third_call')).toEqual(['2026-07-20']);
  });

  it('a reached call on 2026-02-05 already does the first call (its window opens at the delivery)', () => {
    const t = planCustomer(customer(), [event('delivery', '2026-01-20')], [visit('2026-02-05', { source: 'log' })], [], ctx('2026-02-06'));
    expect(only(t, 'first_call')[0]?.outcome).toMatchObject({ status: 'done', date: '2026-02-05' });
    expect(only(t, 'second_call')[0]?.outcome.status).toBe('open');
  });

  it('a delivery imported months late still yields its calls, and history closes those it can (SPEC §3.0)', () => {
    const t = planCustomer(customer(), [event('delivery', '2026-01-20')], [visit('2026-03-01')], [], ctx('2026-11-23'));
    expect(only(t, 'first_call')[0]?.outcome).toMatchObject({ status: 'done', date: '2026-03-01' });
    expect(only(t, 'second_call')[0]?.outcome.status).toBe('open'); // window opened 04-13
    expect(only(t, 'third_call')[0]?.outcome.status).toBe('open');
  });

  it('appointment Monday 2026-06-15 → reminder due Sunday 06-14 → back to Friday 06-12', () => {
    const t = planCustomer(customer(), [event('appointment', '2026-06-15')], [], [], ctx('2026-06-01'));
    expect(only(t, 'appointment_reminder').map((x) => [x.due_on, x.deadline])).toEqual([['2026-06-12', '2026-06-12']]);
  });

  it('a reminder not made before its appointment closes as missed (SPEC §3.0)', () => {
    const t = planCustomer(customer(), [event('appointment', '2026-06-15')], [visit('2026-06-16', { source: 'log' })], [], ctx('2026-06-16'));
    expect(only(t, 'appointment_reminder')[0]?.outcome.status).toBe('missed');
  });

  it('complaint resolved Friday 2026-06-05 → callback Monday 06-08 (+1 working day), deadline 06-08 (+3 days → Monday)', () => {
    const t = planCustomer(customer(), [event('complaint_resolved', '2026-06-05')], [], [], ctx('2026-06-05'));
    expect(only(t, 'complaint_callback').map((x) => [x.due_on, x.deadline])).toEqual([['2026-06-08', '2026-06-08']]);
  });

  it('repair callbacks follow a deterministic 30% of repairs (SPEC §3.2)', () => {
    const repairs = Array.from({ length: 1000 }, (_, i) => event('repair_done', '2026-03-02', 10_000 + i));
    const t1 = planCustomer(customer(), repairs, [], [], ctx('2026-03-03'));
    const t2 = planCustomer(customer(), repairs, [], [], ctx('2026-03-03'));
    const n = only(t1, 'repair_callback').length;
    expect(n).toBeGreaterThan(250);
    expect(n).toBeLessThan(350);
    expect(only(t2, 'repair_callback').map((t) => t.source_key)).toEqual(only(t1, 'repair_callback').map((t) => t.source_key));
    expect(sampleFraction('x')).toBe(sampleFraction('x'));
  });
});

describe('relationship rules (SPEC §3.3)', () => {
  it('delivery 2026-03-01 and no later order → wake-up due 2026-09-01', () => {
    const t = planCustomer(customer(), [event('delivery', '2026-03-01')], [], [], ctx('2026-08-20'));
    expect(dates(t, 'wake_up')).toEqual(['2026-09-01']);
  });

  it('the wake-up is planned only once it falls within the horizon (end of next month)', () => {
    const t = planCustomer(customer(), [event('delivery', '2026-03-01')], [], [], ctx('2026-06-10', '2026-07-31'));
    expect(dates(t, 'wake_up')).toEqual([]);
  });

  it('a customer with no transaction at all is never dormant', () => {
    const t = planCustomer(customer(), [event('complaint', '2025-01-01')], [], [], ctx('2026-08-20'));
    expect(dates(t, 'wake_up')).toEqual([]);
  });

  it('a logged visit scored 3 → callback the next working day, deadline 2 working days later, for the supervisor', () => {
    const low = visit('2026-09-24 10:00', { source: 'log', score: 3 });
    const t = planCustomer(customer(), [], [low], [], ctx('2026-09-24'));
    // 09-25 is 中秋: next working day 09-28; +2 working days → 09-30.
    expect(only(t, 'low_score_callback').map((x) => [x.due_on, x.deadline, x.assigned_to])).toEqual([['2026-09-28', '2026-09-30', '陈静']]);
  });

  it('imported history never creates follow-ups, even with a low score', () => {
    const t = planCustomer(customer(), [], [visit('2026-09-24', { score: 1 })], [], ctx('2026-09-24'));
    expect(only(t, 'low_score_callback')).toEqual([]);
  });
});

describe('issue chase (SPEC §3.4)', () => {
  const issue = (over: Partial<PlanIssue> = {}): PlanIssue => ({ id: 7, raised_at: '2026-09-24 10:00', level: 'general', confirmed_at: null, ...over });

  it('issue raised Thursday 2026-09-24 → first follow-up 2026-09-30', () => {
    const t = planCustomer(customer(), [], [], [issue()], ctx('2026-09-24'));
    expect(only(t, 'issue_followup').map((x) => [x.due_on, x.outcome.status])).toEqual([['2026-09-30', 'open']]);
  });

  it('each reached follow-up plans the next 3 working days later, until the customer confirms', () => {
    const call = visit('2026-09-29 10:00', { source: 'log' });
    const t = planCustomer(customer(), [], [call], [issue()], ctx('2026-09-29'));
    // From 09-29: 09-30, then National Day, 10-08, 10-09 → due 10-09.
    expect(only(t, 'issue_followup').map((x) => [x.due_on, x.outcome.status])).toEqual([
      ['2026-09-30', 'done'],
      ['2026-10-09', 'open'],
    ]);
    const confirmed = planCustomer(customer(), [], [call], [issue({ confirmed_at: '2026-10-08 11:00' })], ctx('2026-10-08'));
    expect(only(confirmed, 'issue_followup').map((x) => x.outcome.status)).toEqual(['done', 'cancelled']);
  });
});

describe('who is planned (SPEC §3.0)', () => {
  it('lost and do-not-contact customers: nothing stays open', () => {
    for (const status of ['lost', 'do_not_contact'] as const) {
      const t = planCustomer(customer({ status }), [event('delivery', '2026-10-01')], [], [], ctx('2026-10-02'));
      expect(t.every((x) => x.outcome.status === 'cancelled')).toBe(true);
    }
  });

  it('the plan does not depend on the order facts arrive in (visits before or after events)', () => {
    const evs = [event('delivery', '2026-01-20'), event('order', '2026-05-01')];
    const vs = [visit('2026-02-05'), visit('2026-05-10')];
    const a = planCustomer(customer(), evs, vs, [], ctx('2026-11-23'));
    const b = planCustomer(customer(), [...evs].reverse(), vs, [], ctx('2026-11-23'));
    expect(b).toEqual(a);
  });
});

describe('long-neglected customers (SPEC §3.0)', () => {
  // Recorded Monday 2026-11-23, cooperating since 2020: the first routine date (2020-07-01 for tier C)
  // had passed years before, and nobody ever reached them.
  const old = (over: Partial<PlanCustomer> = {}) => customer({ since: '2020-01-01', created_on: '2026-11-23', ...over });

  it('the first routine task is a first contact on its slot of the 20 working days after recording', () => {
    // Slot 3 of 10: working day 1 + floor(2 × 20 / 10) = 5 after 11-23 → 11-24, 25, 26, 27, 30 → Monday 11-30.
    // Deadline: the 20th working day → 11-24…11-27 (4), 11-30…12-04 (9), 12-07…12-11 (14), 12-14…12-18 (19), 12-21 (20).
    const t = planCustomer(old({ first_contact: { index: 2, size: 10 } }), [], [], [], ctx('2026-11-23'));
    expect(only(t, 'routine').map((x) => [x.due_on, x.deadline, x.window_opens])).toEqual([['2026-11-30', '2026-12-21', '2026-11-23']]);
    expect(only(t, 'routine')[0]?.basis).toMatchObject({ from: 'first_contact', date: '2026-11-23', offset: { working_days: 5 } });
  });

  it('a call the day after recording already does the first contact (its window opens on the day recorded)', () => {
    const call = visit('2026-11-24 10:00', { source: 'log' });
    const t = planCustomer(old({ first_contact: { index: 9, size: 10 } }), [], [call], [], ctx('2026-11-24'));
    // Slot 10 of 10 would be due on working day 19 (12-18); the 11-24 call does it, and the next
    // routine task counts from that call: 11-24 + 6 months = 2027-05-24.
    expect(only(t, 'routine').map((x) => [x.due_on, x.outcome.status])).toEqual([
      ['2026-12-18', 'done'],
      ['2027-05-24', 'open'],
    ]);
  });

  it('not when the first routine date is still ahead, nor when the imported history holds a reached visit', () => {
    // since 2026-06-01 + 6 months = 12-01, after the day recorded: an ordinary first routine task.
    expect(dates(planCustomer(old({ since: '2026-06-01' }), [], [], [], ctx('2026-11-23')), 'routine')).toEqual(['2026-12-01']);
    // History 2025-03-10 + 6 months = 2025-09-10: overdue, but the customer was followed up before.
    expect(dates(planCustomer(old(), [], [visit('2025-03-10')], [], ctx('2026-11-23')), 'routine')).toEqual(['2025-09-10']);
  });
});
