// `huifang log` from flags and the issue loop, on the fixture store with --today fixed (SPEC §3.4, §3.7).
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { CASES, CUSTOMERS_RECORDED_ON, dumpStore, runCli, tempDir } from '../helpers.js';

const TODAY = '2026-11-23'; // a Monday
let db: string;
const cli = (...args: string[]) => runCli(['--db', db, '--today', TODAY, ...args]);
const json = <T>(...args: string[]): T => {
  const r = cli(...args, '--json');
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
};

interface Due {
  items: {
    customer: { code: string };
    suggested_channel: string;
    tasks: { id: number; rule: string; due_on: string; attempts: number; unreachable: boolean }[];
  }[];
}
const dueCodes = (today = TODAY) =>
  (JSON.parse(runCli(['--db', db, '--today', today, 'due', '--json']).stdout) as Due).items.map((i) => i.customer.code);

beforeEach(() => {
  db = path.join(tempDir(), 'h.db');
  expect(cli('init').code).toBe(0);
  expect(runCli(['--db', db, '--today', CUSTOMERS_RECORDED_ON, 'import', 'customers', path.join(CASES, 'customers-utf8-bom.csv')]).code).toBe(0);
  expect(cli('import', 'events', path.join(CASES, 'events-good.csv')).code).toBe(0);
  expect(cli('import', 'visits', path.join(CASES, 'visits-good.csv')).code).toBe(0);
});

describe('a reached call', () => {
  it('does the due tasks, raises issues with SLA clocks, and plans what comes next (--json as INTERFACE.md)', () => {
    const r = json<{
      id: number;
      customer: string;
      outcome: string;
      tasks_done: { rule: string; due_on: string }[];
      issues: { id: number; level: string; respond_by: string; plan_by: string; resolve_by: string }[];
      next_due: string;
    }>('log', 'C003', '--outcome', 'reached', '--score', '5', '--issue', '重要:交付:备件交付延迟:供应链部', '--at', '2026-11-23 10:00');
    expect(r.customer).toBe('C003');
    expect(r.tasks_done.map((t) => [t.rule, t.due_on])).toEqual([['routine', '2025-07-21']]);
    // important [002 §13]: respond within 24 h; plan within 5 working days (11-24…11-30);
    // resolve within 7 working days (…12-01, 12-02).
    expect(r.issues).toEqual([
      expect.objectContaining({ level: 'important', respond_by: '2026-11-24 10:00', plan_by: '2026-11-30 10:00', resolve_by: '2026-12-02 10:00' }),
    ]);
    // Next: the issue's follow-up 3 working days later (11-26) comes before the next routine call.
    expect(r.next_due).toBe('2026-11-26');
    expect(dueCodes()).not.toContain('C003');
    expect(dueCodes('2026-11-26')).toContain('C003');
  });

  it('a low score plans a callback the next working day; an amendment with a good score withdraws it', () => {
    const first = json<{ id: number; next_due: string }>('log', 'C002', '--outcome', 'reached', '--score', '2', '--at', '2026-11-23 11:00');
    expect(first.next_due).toBe('2026-11-24'); // low_score_callback: +1 working day (SPEC §3.3)
    const amended = json<{ id: number; supersedes: number; next_due: string }>('log', '--amend', String(first.id), '--score', '5');
    expect(amended.supersedes).toBe(first.id);
    // B tier: next routine from 11-23 + 3 months = 2027-02-23; the callback is gone.
    expect(amended.next_due).toBe('2027-02-23');
    const visits = (dumpStore(db).visit as { id: number; supersedes: number | null; score: number | null }[]).filter((v) => v.id >= first.id);
    expect(visits.map((v) => [v.score, v.supersedes])).toEqual([
      [2, null],
      [5, first.id],
    ]);
    expect(cli('log', '--amend', String(first.id), '--score', '4').code).toBe(3); // amend the latest record only
  });
});

describe('calls that fail (SPEC §3.4)', () => {
  it('no answer: retry the next working day, due date kept; the third failure marks it unreachable', () => {
    expect(cli('log', 'C002', '--outcome', 'no_answer', '--at', '2026-11-23 10:00').code).toBe(0);
    expect(dueCodes()).not.toContain('C002');
    const tue = '2026-11-24';
    expect(dueCodes(tue)).toContain('C002');
    expect(runCli(['--db', db, '--today', tue, 'log', 'C002', '--outcome', 'busy', '--at', `${tue} 10:00`]).code).toBe(0);
    const wed = '2026-11-25';
    expect(runCli(['--db', db, '--today', wed, 'log', 'C002', '--outcome', 'left_message', '--at', `${wed} 10:00`]).code).toBe(0);
    // left_message: 2 working days → Friday 11-27. Third attempt: unreachable, still listed, other channel.
    expect(dueCodes('2026-11-26')).not.toContain('C002');
    const fri = JSON.parse(runCli(['--db', db, '--today', '2026-11-27', 'due', '--json']).stdout) as Due;
    const c2 = fri.items.find((i) => i.customer.code === 'C002');
    expect(c2?.tasks[0]).toMatchObject({ rule: 'routine', due_on: '2026-08-10', attempts: 3, unreachable: true });
    expect(c2?.suggested_channel).toBe('sms');
  });

  it('wrong number flags the contact; refused closes the task as refused', () => {
    expect(cli('log', 'C001', '--outcome', 'wrong_number', '--at', '2026-11-23 10:00').code).toBe(0);
    const show = json<{ contacts: { name: string; needs_correction: boolean }[] }>('customer', 'show', 'C001');
    expect(show.contacts[0]).toMatchObject({ name: '周建国', needs_correction: true });
    expect(cli('log', 'C002', '--outcome', 'refused', '--at', '2026-11-23 10:05').code).toBe(0);
    const plan = json<{ tasks: { code: string; status: string }[] }>('plan', '--month', '2026-08');
    expect(plan.tasks.find((t) => t.code === 'C002')?.status).toBe('refused');
  });
});

describe('refusals with exit 3', () => {
  it('names every missing or invalid option, and writes nothing', () => {
    const before = dumpStore(db);
    const a = cli('log', 'C001');
    expect(a.code).toBe(3);
    expect(a.stderr).toContain('--outcome: this value is required');
    const b = cli('log', 'C001', '--outcome', 'reached', '--score', '7');
    expect(b.stderr).toContain('--score: satisfaction "7" is not valid');
    const u = cli('log', 'C001', '--outcome', 'reached', '--score', '5', '--channel', 'fax');
    expect(u.code).toBe(3);
    expect(u.stderr).toContain('--channel: unknown channel "fax"');
    const c = cli('log', 'C001', '--outcome', 'reached', '--score', '5', '--channel', 'onsite');
    expect(c.stderr).toContain('--signatory: an on-site visit needs');
    const d = cli('log', 'C001', '--outcome', 'reached', '--score', '5', '--at', '2026-12-01 10:00');
    expect(d.stderr).toContain('--at: 2026-12-01 10:00 is after today');
    expect(cli('customer', 'set', 'C003', '--status', 'do_not_contact').code).toBe(0);
    const e = cli('log', 'C003', '--outcome', 'reached', '--score', '5');
    expect(e.code).toBe(3);
    expect(e.stderr).toContain('marked do-not-contact');
    const after = dumpStore(db);
    expect(after.visit).toEqual(before.visit);
  });
});

describe('the issue loop', () => {
  it('respond → resolve → confirm closes the chase; reopening restarts it', () => {
    const r = json<{ issues: { id: number }[] }>('log', 'C003', '--outcome', 'reached', '--score', '4', '--issue', 'general:service:证书寄错地址', '--at', '2026-11-23 09:30');
    const id = String(r.issues[0]?.id);
    const listed = json<{ id: number; status: string; resolve_by: string; respond_clock: { late_minutes: number; done: boolean } }[]>('issue', 'list', '--open');
    // general: respond 24 h, resolve 3 working days (11-26 09:30).
    expect(listed[0]).toMatchObject({ status: 'open', resolve_by: '2026-11-26 09:30' });
    expect(cli('issue', 'respond', id, '--at', '2026-11-23 11:00', '--note', '已转技术部').code).toBe(0);
    expect(cli('issue', 'confirm', id).code).toBe(3); // not resolved yet
    expect(cli('issue', 'resolve', id, '--at', '2026-11-23 16:00').code).toBe(0);
    expect(cli('issue', 'confirm', id, '--at', '2026-11-23 17:00').code).toBe(0);
    expect(dueCodes('2026-11-26')).not.toContain('C003'); // follow-up cancelled by the confirmation
    expect(json<unknown[]>('issue', 'list', '--open')).toEqual([]);
    expect(cli('issue', 'reopen', id, '--at', '2026-11-23 17:30').code).toBe(0);
    expect(dueCodes('2026-11-26')).toContain('C003'); // a new chase: 3 working days after reopening
  });
});
