// The store modules of issue 11 on a fresh in-memory store: each repository function does what its name says, and only that.
import { beforeEach, describe, expect, it } from 'vitest';
import { sqliteRaw } from '../helpers.js';
import { drawAuditSample } from '../../src/app/audits.js';
import { insertAudit, reachedVisitsBetween } from '../../src/store/audits.js';
import { searchCustomers } from '../../src/store/customer-search.js';
import { memoryStore, type Db } from '../../src/store/db.js';
import { issueById, listIssues, moveIssue, transitionsOf } from '../../src/store/issues.js';
import { staffByName, staffNames, updateStaff, StaffRepo } from '../../src/store/staff.js';
import { cancelTask, listNextRoutineOn, openTasksOf, recordAttempt, rescheduleTask, taskById, tasksDueBetween } from '../../src/store/tasks.js';
import { insertLoggedVisit, lastVisitOf, linkVisitTasks } from '../../src/store/visit-log.js';

let db: Db;

function customer(id: number, code: string, name: string, status = 'active') {
  sqliteRaw(db).prepare("INSERT INTO customer (id, code, name, tier, tier_source, status, created_on) VALUES (?, ?, ?, 'C', 'default', ?, '2026-01-01')").run(id, code, name, status);
}
function task(id: number, customerId: number, rule: string, due: string, status = 'open') {
  sqliteRaw(db).prepare(
    `INSERT INTO task (id, customer_id, rule, source_key, purpose, channel, due_on, deadline, window_opens, status, list_on)
     VALUES (?, ?, ?, ?, '回访', 'phone', ?, ?, ?, ?, ?)`,
  ).run(id, customerId, rule, `k${id}`, due, due, due, status, due);
}
function visit(customerId: number, at: string, outcome = 'reached', supersedes: number | null = null): number {
  return insertLoggedVisit(db, {
    customer_id: customerId,
    contact_id: null,
    staff: '李',
    at,
    channel: 'phone',
    outcome: outcome as 'reached',
    respondent: outcome === 'reached' ? 'self' : null,
    score: outcome === 'reached' ? 5 : null,
    feedback: null,
    needs: null,
    signatory: null,
    serves_explicit: 0,
    supersedes,
    recorded_at: at,
  });
}

beforeEach(() => {
  db = memoryStore();
  customer(1, 'C001', '华东机械');
  customer(2, 'C002', '南方电气', 'do_not_contact');
});

describe('store/tasks.ts', () => {
  it('openTasksOf lists open and unreachable tasks by due date, nothing closed', () => {
    task(1, 1, 'routine', '2026-12-01');
    task(2, 1, 'adhoc', '2026-11-20', 'unreachable');
    task(3, 1, 'adhoc', '2026-11-10', 'done');
    expect(openTasksOf(db, 1).map((t) => t.id)).toEqual([2, 1]);
  });

  it('rescheduleTask moves the listing, never the due date; cancelTask closes with the reason', () => {
    task(1, 1, 'routine', '2026-12-01');
    rescheduleTask(db, 1, '2026-12-05', '客户出差', '2026-12-05');
    expect(taskById(db, 1)).toMatchObject({ due_on: '2026-12-01', rescheduled_to: '2026-12-05', list_on: '2026-12-05', reschedule_reason: '客户出差' });
    cancelTask(db, 1, '2026-11-23', '客户要求');
    expect(taskById(db, 1)).toMatchObject({ status: 'cancelled', closed_on: '2026-11-23', close_reason: '客户要求', due_on: '2026-12-01' });
  });

  it('recordAttempt writes what a failed call leaves', () => {
    task(1, 1, 'routine', '2026-12-01');
    recordAttempt(db, 1, { attempts: 3, status: 'unreachable', retry_on: '2026-12-02', list_on: '2026-12-02', closed_on: null, close_reason: null });
    expect(taskById(db, 1)).toMatchObject({ attempts: 3, status: 'unreachable', retry_on: '2026-12-02', list_on: '2026-12-02' });
  });

  it('listNextRoutineOn moves only the open routine task due after the call', () => {
    task(1, 1, 'routine', '2026-11-01');
    task(2, 1, 'routine', '2027-02-01');
    task(3, 1, 'adhoc', '2027-02-01');
    listNextRoutineOn(db, 1, '2027-01-10', '2026-11-23');
    expect(taskById(db, 1)?.list_on).toBe('2026-11-01');
    expect(taskById(db, 2)).toMatchObject({ list_on: '2027-01-10', rescheduled_to: '2027-01-10', due_on: '2027-02-01' });
    expect(taskById(db, 3)?.list_on).toBe('2027-02-01');
  });

  it("tasksDueBetween: the month's tasks, of one owner when asked", () => {
    task(1, 1, 'routine', '2026-11-30');
    task(2, 1, 'routine', '2026-12-01');
    sqliteRaw(db).prepare("UPDATE task SET assigned_to = '王' WHERE id = 1").run();
    expect(tasksDueBetween(db, '2026-11-01', '2026-11-30', null).map((r) => [r.id, r.code])).toEqual([[1, 'C001']]);
    expect(tasksDueBetween(db, '2026-11-01', '2026-11-30', '李')).toEqual([]);
  });
});

describe('store/issues.ts', () => {
  const raise = () =>
    sqliteRaw(db)
      .prepare(
        `INSERT INTO issue (customer_id, category, level, description, status, raised_at, respond_by, resolve_by)
         VALUES (1, 'delivery', 'important', '送货晚了', 'open', '2026-11-20 09:00', '2026-11-21 09:00', '2026-11-27 09:00')`,
      )
      .run().lastInsertRowid as number;

  it('moveIssue writes the status, its stamps and the transition row together', () => {
    const id = Number(raise());
    moveIssue(db, { id, status: 'open' }, 'resolve', '2026-11-21 10:00', '王', '已补发');
    expect(issueById(db, id)).toMatchObject({ status: 'resolved', resolved_at: '2026-11-21 10:00', responded_at: '2026-11-21 10:00', code: 'C001' });
    moveIssue(db, { id, status: 'resolved' }, 'reopen', '2026-11-22 10:00', null, null);
    // Reopening clears the resolution; the response stays.
    expect(issueById(db, id)).toMatchObject({ status: 'reopened', resolved_at: null, responded_at: '2026-11-21 10:00' });
    expect(transitionsOf(db, id)).toEqual([
      { from_status: 'open', to_status: 'resolved', at: '2026-11-21 10:00', staff: '王', note: '已补发' },
      { from_status: 'resolved', to_status: 'reopened', at: '2026-11-22 10:00', staff: null, note: null },
    ]);
  });

  it('listIssues leaves confirmed ones out when asked, and filters by level', () => {
    const id = Number(raise());
    expect(listIssues(db, { unconfirmedOnly: true, level: null }).map((i) => i.id)).toEqual([id]);
    expect(listIssues(db, { unconfirmedOnly: false, level: 'urgent' })).toEqual([]);
    sqliteRaw(db).prepare("UPDATE issue SET status = 'confirmed'").run();
    expect(listIssues(db, { unconfirmedOnly: true, level: null })).toEqual([]);
  });
});

describe('store/audits.ts', () => {
  it("reachedVisitsBetween: the month's reached calls, corrected ones out, with the latest re-check", () => {
    const a = visit(1, '2026-10-05 10:00');
    const b = visit(1, '2026-10-06 10:00');
    const c = visit(1, '2026-10-07 10:00', 'reached', b); // corrects b
    visit(1, '2026-10-08 10:00', 'no_answer');
    visit(1, '2026-11-01 10:00');
    insertAudit(db, { visitId: a, auditor: 'x', at: '2026-11-02 10:00', result: 'mismatch', note: null });
    insertAudit(db, { visitId: a, auditor: 'x', at: '2026-11-03 10:00', result: 'confirmed', note: null });
    const rows = reachedVisitsBetween(db, '2026-10-01 00:00', '2026-10-31 23:59');
    expect(rows.map((r) => [r.id, r.audited])).toEqual([
      [a, 'confirmed'],
      [c, null],
    ]);
  });
});

describe('store/visit-log.ts', () => {
  it('lastVisitOf is the latest by time; linkVisitTasks links each task once', () => {
    visit(1, '2026-11-02 10:00');
    const later = visit(1, '2026-11-03 09:00', 'busy');
    expect(lastVisitOf(db, 1)).toMatchObject({ at: '2026-11-03 09:00', channel: 'phone', score: null });
    task(1, 1, 'routine', '2026-11-01');
    linkVisitTasks(db, later, [1, 1]);
    expect(sqliteRaw(db).prepare('SELECT task_id FROM visit_task WHERE visit_id = ?').pluck().all(later)).toEqual([1]);
  });
});

describe('store/staff.ts', () => {
  it('updateStaff changes only what is given; a null capacity removes the cap', () => {
    new StaffRepo(db).ensure('王');
    updateStaff(db, '王', { role: 'supervisor', daily_capacity: 30 });
    expect(staffByName(db, '王')).toMatchObject({ role: 'supervisor', daily_capacity: 30 });
    updateStaff(db, '王', { daily_capacity: null });
    expect(staffByName(db, '王')).toMatchObject({ role: 'supervisor', daily_capacity: null });
    expect(staffNames(db)).toEqual(['王']);
  });
});

describe('store/customer-search.ts', () => {
  it('by code prefix, part of the name or a contact; never a do-not-contact customer', () => {
    sqliteRaw(db).prepare("INSERT INTO contact (customer_id, name, phone, is_primary) VALUES (1, '张经理', '13800001234', 1)").run();
    expect(searchCustomers(db, 'c00', '2026-11-23').map((c) => c.code)).toEqual(['C001']);
    expect(searchCustomers(db, '机械', '2026-11-23').map((c) => c.code)).toEqual(['C001']);
    expect(searchCustomers(db, '1234', '2026-11-23').map((c) => c.code)).toEqual(['C001']);
    expect(searchCustomers(db, '电气', '2026-11-23')).toEqual([]);
  });

  it("with nothing typed: today's list, most overdue first", () => {
    customer(3, 'C003', '北方');
    task(1, 1, 'routine', '2026-11-20');
    task(2, 3, 'routine', '2026-11-10');
    task(3, 3, 'routine', '2026-12-10');
    expect(searchCustomers(db, ' ', '2026-11-23').map((c) => c.code).sort()).toEqual(['C001', 'C003']);
  });
});

describe('app/audits.ts drawAuditSample', () => {
  it('a call recorded without a contact is re-checked through the number a clerk would dial, not a primary flagged wrong', () => {
    // The old query took the primary contact whatever its flag: the auditor was sent to a wrong number.
    sqliteRaw(db).prepare("INSERT INTO contact (id, customer_id, name, phone, is_primary, needs_correction) VALUES (1, 1, '张', '13800000001', 1, 1)").run();
    sqliteRaw(db).prepare("INSERT INTO contact (id, customer_id, name, phone, is_primary, needs_correction) VALUES (2, 1, '李', '13800000002', 0, 0)").run();
    visit(1, '2026-10-05 10:00');
    const drawn = drawAuditSample(db, { from: '2026-10-01', to: '2026-10-31' }, { seed: 1 });
    // The default policy's rate, 0.1 of one call: at least one is drawn.
    expect(drawn).toMatchObject({ rate: 0.1, population: 1 });
    expect(drawn.visits.map((v) => [v.contact, v.phone])).toEqual([['李', '13800000002']]);
  });
});
