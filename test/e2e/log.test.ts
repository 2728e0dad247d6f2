// `huifang log` from flags and the issue loop, on the fixture store with --today fixed (SPEC §3.4, §3.7); on SQLite and PostgreSQL.
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { CASES, CUSTOMERS_RECORDED_ON, dumpStore, newStore, runCli, storeKinds } from '../helpers.js';

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

describe.each(storeKinds)('on %s', (kind) => {
  beforeEach(() => {
    db = newStore(kind);
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

    it('refused closes the task as refused', () => {
      expect(cli('log', 'C002', '--outcome', 'refused', '--at', '2026-11-23 10:05').code).toBe(0);
      const plan = json<{ tasks: { code: string; status: string }[] }>('plan', '--month', '2026-08');
      expect(plan.tasks.find((t) => t.code === 'C002')?.status).toBe('refused');
    });
  });

  interface DueWithCorrections {
    items: { customer: { code: string }; contact: { name: string | null; phone: string | null }; tasks: { rule: string }[] }[];
    to_correct: { customer: { code: string }; contact: { name: string; phone: string }; tasks: { rule: string; attempts: number }[] }[];
  }
  const dueOn = (today: string, ...args: string[]) => {
    const r = runCli(['--db', db, '--today', today, 'due', '--json', ...args]);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as DueWithCorrections;
  };

  describe('a wrong number (SPEC §3.4, issue 9 #2 and #11)', () => {
    it('is never dialled again: the next working day the list shows another usable contact, and log records that one', () => {
      expect(cli('import', 'contacts', path.join(CASES, 'contacts-good.csv')).code).toBe(0);
      // C001: 周建国 (primary), 钱丽, 孙浩. Monday 11-23: 周建国's number is wrong.
      expect(cli('log', 'C001', '--outcome', 'wrong_number', '--at', '2026-11-23 10:00').code).toBe(0);
      const show = json<{ contacts: { name: string; needs_correction: boolean }[] }>('customer', 'show', 'C001');
      expect(show.contacts.find((k) => k.name === '周建国')?.needs_correction).toBe(true);
      // The routine call it tried is listed again the next working day (Tuesday 11-24), not the same
      // day (only the on-site visit, which a phone call does not serve, stays on today's list), and
      // always through 钱丽: the oldest usable contact once the primary is flagged.
      const routineOf = (due: DueWithCorrections) => due.items.find((i) => i.customer.code === 'C001')?.tasks.map((t) => t.rule) ?? [];
      expect(routineOf(dueOn(TODAY))).not.toContain('routine');
      const tue = dueOn('2026-11-24');
      expect(routineOf(tue)).toContain('routine');
      expect(tue.items.find((i) => i.customer.code === 'C001')?.contact).toEqual({ name: '钱丽', phone: '139****2222' }); // 13911112222, masked
      expect(tue.to_correct).toEqual([]);
      // The customer list shows the same contact (names only: the phone's masking is another rule's).
      const list = json<{ code: string; contact: { name: string } }[]>('customer', 'list');
      expect(list.find((c) => c.code === 'C001')?.contact.name).toBe('钱丽');
      // log picks the contact by the same rule as due: 钱丽, never the flagged 周建国.
      expect(runCli(['--db', db, '--today', '2026-11-24', 'log', 'C001', '--outcome', 'reached', '--score', '5', '--at', '2026-11-24 10:00']).code).toBe(0);
      const d = dumpStore(db);
      const qianLi = (d.contact as { id: number; name: string }[]).find((k) => k.name === '钱丽')?.id;
      const last = (d.visit as { contact_id: number | null; source: string }[]).filter((v) => v.source === 'log').pop();
      expect(last?.contact_id).toBe(qianLi);
    });

    it('with no other number the customer leaves the call list for "numbers to correct" until the number is corrected', () => {
      const logged = json<{ next_listed: string | null; number_to_correct: boolean }>('log', 'C003', '--outcome', 'wrong_number', '--at', '2026-11-23 10:00');
      expect(logged).toMatchObject({ next_listed: null, number_to_correct: true });
      for (const day of [TODAY, '2026-11-24']) {
        const due = dueOn(day);
        expect(due.items.map((i) => i.customer.code)).not.toContain('C003');
        // INTERFACE.md to_correct: the customer, the flagged contact (phone masked), the tasks waiting.
        expect(due.to_correct).toEqual([
          expect.objectContaining({ customer: expect.objectContaining({ code: 'C003' }), contact: { name: '郑磊', phone: '139****6789' } }),
        ]);
        expect(due.to_correct[0]?.tasks.map((t) => [t.rule, t.attempts])).toEqual([['routine', 1]]);
      }
      expect(dueOn(TODAY, '--reveal').to_correct[0]?.contact.phone).toBe('13923456789');
      const table = cli('due');
      expect(table.stdout).toContain('Numbers to correct: 1');
      // The command as the test typed it, wrapped to the 80 columns of a terminal nobody described.
      expect(table.stdout.replace(/\s+/g, ' ')).toContain('Correct a number: node bin/huifang.js customer set CODE --contact NAME --phone NEW');
      expect(runCli(['--db', db, '--today', TODAY, '--lang', 'zh', 'due']).stdout).toContain('号码待更正（1 位客户，不在拨打清单上）');
      expect(json<{ next_listed: string | null; number_to_correct: boolean }>('customer', 'show', 'C003')).toMatchObject({ next_listed: null, number_to_correct: true });
      // Re-importing the same (wrong) number is no correction: the flag stays.
      expect(cli('import', 'customers', path.join(CASES, 'customers-utf8-bom.csv')).code).toBe(0);
      expect(dueOn(TODAY).to_correct.map((x) => x.customer.code)).toEqual(['C003']);
      // The clerk corrects it: back on today's list with the new number.
      expect(cli('customer', 'set', 'C003', '--contact', '郑磊', '--phone', '13900001111').code).toBe(0);
      const after = dueOn(TODAY);
      expect(after.to_correct).toEqual([]);
      expect(after.items.find((i) => i.customer.code === 'C003')?.contact).toEqual({ name: '郑磊', phone: '139****1111' }); // 13900001111, masked
    });
  });

  describe('the date the customer is listed again (issue 9 #9)', () => {
    it('log, its JSON and customer show all give the date agreed with the customer', () => {
      // C003, tier C: the reached call does the overdue routine task; the next one is due 6 months on,
      // 2027-05-23 (a Sunday) → 2027-05-24. The clerk agrees 2026-12-15 (a Tuesday) with the customer.
      const r = json<{ next_due: string; next_listed: string }>('log', 'C003', '--outcome', 'reached', '--score', '5', '--next', '2026-12-15', '--at', '2026-11-23 10:00');
      expect(r).toMatchObject({ next_due: '2027-05-24', next_listed: '2026-12-15' });
      const show = json<{ next_listed: string; open_tasks: { rule: string; due_on: string; list_on: string }[] }>('customer', 'show', 'C003');
      expect(show.next_listed).toBe('2026-12-15');
      expect(show.open_tasks).toEqual([expect.objectContaining({ rule: 'routine', due_on: '2027-05-24', list_on: '2026-12-15' })]);
      expect(cli('customer', 'show', 'C003').stdout).toContain('Next on the call list: 2026-12-15');
      expect(dueCodes('2026-12-14')).not.toContain('C003');
      expect(dueCodes('2026-12-15')).toContain('C003');
      // A second call the same day that does no routine task still moves the waiting one (2027-01-05, a Tuesday).
      const again = cli('log', 'C003', '--outcome', 'reached', '--score', '5', '--next', '2027-01-05', '--at', '2026-11-23 11:00');
      expect(again.stdout).toContain('back on the list on 2027-01-05');
      expect(json<{ next_listed: string }>('customer', 'show', 'C003').next_listed).toBe('2027-01-05');
    });

    it('the call made on the agreed day does the follow-up, though its window opens later', () => {
      // Agreed 2026-12-15 for the routine call due 2027-05-24 (window from 05-17).
      expect(cli('log', 'C003', '--outcome', 'reached', '--score', '5', '--next', '2026-12-15', '--at', '2026-11-23 10:00').code).toBe(0);
      const call = runCli(['--db', db, '--today', '2026-12-15', 'log', 'C003', '--outcome', 'reached', '--score', '5', '--at', '2026-12-15 10:00', '--json']);
      const r = JSON.parse(call.stdout) as { tasks_done: { rule: string; due_on: string }[]; next_due: string; next_listed: string };
      expect(r.tasks_done.map((t) => [t.rule, t.due_on])).toEqual([['routine', '2027-05-24']]);
      // The next routine call counts from this visit: 2026-12-15 + 6 months = 2027-06-15, a Tuesday.
      expect(r).toMatchObject({ next_due: '2027-06-15', next_listed: '2027-06-15' });
      expect(dueCodes('2026-12-16')).not.toContain('C003'); // it used to stay listed every day until May
    });

    it('after a failed call it is the retry day', () => {
      // no_answer on Friday 11-27 → the next working day, Monday 11-30.
      const r = runCli(['--db', db, '--today', '2026-11-27', 'log', 'C002', '--outcome', 'no_answer', '--at', '2026-11-27 10:00', '--json']);
      expect(JSON.parse(r.stdout)).toMatchObject({ next_listed: '2026-11-30' });
    });
  });

  describe('amending a visit (issue 9 #10)', () => {
    it('refuses a visit of another customer, and customer show numbers the visits and marks the superseded one', () => {
      const first = json<{ id: number }>('log', 'C002', '--outcome', 'reached', '--score', '2', '--at', '2026-11-23 11:00');
      const before = dumpStore(db);
      const wrong = cli('log', 'C003', '--amend', String(first.id), '--score', '5');
      expect(wrong.code).toBe(3);
      expect(wrong.stderr).toContain(`--amend: visit #${first.id} is a record of customer C002, not C003`);
      expect(dumpStore(db)).toEqual(before);
      const fixed = json<{ id: number }>('log', 'C002', '--amend', String(first.id), '--score', '4');
      const show = cli('customer', 'show', 'C002').stdout;
      expect(show).toContain(`visit #${first.id} · phone`);
      expect(show).toContain(`superseded by #${fixed.id}`);
      expect(show).toContain(`corrects #${first.id}`);
      const visits = json<{ visits: { id: number; supersedes: number | null; superseded_by: number | null }[] }>('customer', 'show', 'C002').visits;
      expect(visits.find((v) => v.id === first.id)).toMatchObject({ superseded_by: fixed.id });
      expect(visits.find((v) => v.id === fixed.id)).toMatchObject({ supersedes: first.id, superseded_by: null });
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

    it('reports option errors and record rules together, in one round (issue 9 #12)', () => {
      const before = dumpStore(db);
      const r = cli('log', 'C001', '--outcome', 'reached', '--channel', 'fax', '--task', '999', '--contact', '无名', '--next', '2026-11-01', '--at', '2026-11-23 10:00');
      expect(r.code).toBe(3);
      for (const line of [
        '--channel: unknown channel "fax"', // an option value
        '--score: ', // a record rule: reached needs a score
        '--task: ', // no such open task
        '--contact: ', // no such contact
        '--next: 2026-11-01 is not after the call',
      ]) {
        expect(r.stderr).toContain(line);
      }
      const unknown = cli('log', 'C999', '--outcome', 'reched');
      expect(unknown.stderr).toContain('--outcome: ');
      expect(unknown.stderr).toContain('CODE: ');
      expect(unknown.stderr).toContain('C999');
      expect(dumpStore(db)).toEqual(before);
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
});
