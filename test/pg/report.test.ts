// The report's figures, its page's tables, the issue list and doctor's checks on PostgreSQL equal SQLite's for the same small store (issue 14: one report on both stores).
// Skipped unless HUIFANG_TEST_PG names an admin URL of a PostgreSQL server, where each run makes its own database and drops it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport, reportDetail, type ReportRequest } from '../../src/app/build-report.js';
import { monthPeriod } from '../../src/domain/period.js';
import { defaultPolicy } from '../../src/domain/policy.js';
import { CalendarRepo } from '../../src/store/calendar-store.js';
import { runChecks } from '../../src/store/checks.js';
import { createStore, memoryStore, type Db } from '../../src/store/db.js';
import { insertIssue, issueById, issueLevelOf, listIssues, moveIssue, transitionsOf, unconfirmedIssuesOf } from '../../src/store/issues.js';
import { loadPolicy, savePolicy } from '../../src/store/policy-store.js';
import { issueCells, needsRecorded, problemsByMonth } from '../../src/store/report-annex.js';
import { PgDb } from '../../src/store/pg-driver.js';
import { sql } from '../../src/store/sql.js';

const ADMIN = process.env.HUIFANG_TEST_PG;
const OCT = monthPeriod('2026-10');
const AS_OF = '2026-11-23';

/** The admin URL with another database name. */
function databaseUrl(admin: string, name: string): string {
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * One small store, built the same way on either database: rows through the store functions this
 * module owns (policy, calendar, issues and their transitions), the rest by plain SQL that means the
 * same on both (their modules are ported elsewhere). Every figure of the report has a row behind it:
 * late work (whole days between dates), conversions (a day plus N days), superseded calls, a
 * supervisor, week buckets, issues of every age, a re-check of a call twice.
 */
function seed(db: Db): void {
  db.transaction(() => {
    savePolicy(db, defaultPolicy(), '2026-09-01');
    const calendar = new CalendarRepo(db);
    calendar.upsert({ date: '2026-10-10', kind: 'workday', name: '国庆调休' });
    calendar.upsert({ date: '2026-10-09', kind: 'holiday', name: '加休' });
    calendar.upsert({ date: '2026-10-09', kind: 'holiday', name: '加休（改）' });
    for (const [name, role] of [
      ['王芳', 'clerk'],
      ['李娜', 'clerk'],
      ['张主管', 'supervisor'],
    ] as const) {
      db.run(sql`INSERT INTO staff (name, role) VALUES (${name}, ${role})`);
    }
    const customers: [string, string, string | null][] = [
      ['K1', 'A', '王芳'],
      ['K2', 'B', '王芳'],
      ['K3', 'B', '李娜'],
      ['K4', 'C', '李娜'],
      ['K5', 'C', null],
      ['K6', 'A', '张主管'],
    ];
    const id: Record<string, number> = {};
    const contact: Record<string, number> = {};
    for (const [code, tier, owner] of customers) {
      id[code] = db.value<number>(
        sql`INSERT INTO customer (code, name, tier, tier_source, owner, created_on) VALUES (${code}, ${`客户${code}`}, ${tier}, 'explicit', ${owner}, '2025-01-01') RETURNING id`,
      ) as number;
      contact[code] = db.value<number>(
        sql`INSERT INTO contact (customer_id, name, phone, is_primary) VALUES (${id[code]}, ${`联系人${code}`}, ${'1380000' + code.slice(1).padStart(4, '0')}, 1) RETURNING id`,
      ) as number;
    }
    let n = 0;
    const task = (code: string, dueOn: string, deadline: string, status: string, closedOn: string | null, extra: { assigned?: string; channel?: string; visit?: number } = {}) =>
      db.value<number>(
        sql`INSERT INTO task (customer_id, rule, source_key, purpose, channel, due_on, deadline, window_opens, assigned_to, status, list_on, closed_on, done_visit_id)
         VALUES (${id[code] as number}, ${n % 3 ? 'routine' : 'first_call'}, ${`s${++n}`}, '例行回访', ${extra.channel ?? 'phone'}, ${dueOn}, ${deadline}, ${dueOn},
                 ${extra.assigned ?? null}, ${status}, ${dueOn}, ${closedOn}, ${extra.visit ?? null}) RETURNING id`,
      ) as number;
    const visit = (
      code: string,
      at: string,
      outcome: string,
      score: number | null,
      extra: { staff?: string; needs?: string; supersedes?: number; channel?: string; feedback?: string } = {},
    ) =>
      db.value<number>(
        sql`INSERT INTO visit (customer_id, contact_id, staff, at, channel, outcome, score, feedback, needs, source, supersedes, recorded_at)
         VALUES (${id[code] as number}, ${contact[code] as number}, ${extra.staff ?? null}, ${at}, ${extra.channel ?? 'phone'}, ${outcome}, ${score},
                 ${extra.feedback ?? null}, ${extra.needs ?? null}, 'log', ${extra.supersedes ?? null}, ${at}) RETURNING id`,
      ) as number;
    const order = (code: string, on: string, type = 'order') =>
      db.run(sql`INSERT INTO event (customer_id, type, occurred_on, natural_key) VALUES (${id[code] as number}, ${type}, ${on}, ${`e${++n}`})`);

    // Calls: September (the comparison), October (the month), November (after it).
    const sep = visit('K1', '2026-09-15 10:00', 'reached', 4, { staff: '王芳' });
    visit('K3', '2026-09-20 15:00', 'reached', 2, { staff: '李娜', feedback: '太慢' });
    const v1 = visit('K1', '2026-10-02 10:00', 'reached', 5, { staff: '王芳', needs: '想加一台设备' });
    const v2 = visit('K2', '2026-10-08 10:30', 'reached', 3, { staff: '王芳', feedback: '送货晚了' });
    const v3 = visit('K3', '2026-10-12 15:10', 'no_answer', null, { staff: '李娜' });
    const v4 = visit('K3', '2026-10-13 15:20', 'reached', 1, { staff: '李娜', feedback: '很不满意' });
    const old = visit('K4', '2026-10-20 11:00', 'reached', 2);
    const v5 = visit('K4', '2026-10-20 11:00', 'reached', 4, { supersedes: old, needs: '' });
    const v6 = visit('K5', '2026-10-27 16:00', 'reached', 5, { channel: 'onsite', needs: '续约' });
    const v7 = visit('K6', '2026-10-31 23:59', 'busy', null, { staff: '张主管', channel: 'wechat' });
    const nov = visit('K2', '2026-11-02 10:00', 'reached', 2, { staff: '王芳' });

    // Tasks: done on time, done late (3 and 12 days), done after the month, cancelled in and after it, open.
    task('K1', '2026-10-01', '2026-10-08', 'done', '2026-10-02', { visit: v1 });
    task('K2', '2026-10-05', '2026-10-05', 'done', '2026-10-08', { visit: v2 });
    task('K3', '2026-10-01', '2026-10-01', 'done', '2026-10-13', { visit: v4, assigned: '张主管' });
    task('K3', '2026-10-14', '2026-10-21', 'open', null);
    task('K4', '2026-10-18', '2026-10-25', 'done', '2026-10-20', { visit: v5, channel: 'sms' });
    task('K2', '2026-10-30', '2026-11-06', 'done', '2026-11-02', { visit: nov });
    task('K5', '2026-10-25', '2026-11-01', 'done', '2026-10-27', { visit: v6, channel: 'onsite' });
    task('K5', '2026-10-07', '2026-10-14', 'cancelled', '2026-10-06');
    task('K6', '2026-10-20', '2026-10-27', 'cancelled', '2026-11-10');
    task('K6', '2026-10-31', '2026-11-07', 'unreachable', null, { assigned: '李娜' });
    task('K1', '2026-09-10', '2026-09-17', 'done', '2026-09-15', { visit: sep });
    task('K2', '2026-09-10', '2026-09-17', 'open', null);
    task('K2', '2026-11-10', '2026-11-17', 'open', null);

    // Orders: K1 orders 20 days after its call (converted), K2 200 days after none, K5 in the month before its call (not converted).
    order('K1', '2026-10-22');
    order('K5', '2026-10-03', 'sale');
    order('K3', '2026-09-01');
    order('K2', '2027-04-26');

    // Issues, raised on the calls, moved through their states; their ages at the month's end differ.
    const policy = loadPolicy(db);
    const raise = (code: string, visitId: number, raisedAt: string, level: 'urgent' | 'important' | 'general', category: 'product' | 'service' | 'delivery' | 'followup') =>
      insertIssue(db, {
        customerId: id[code] as number,
        visitId,
        category,
        level,
        description: `${category} ${level}`,
        department: level === 'urgent' ? '售后部' : null,
        raisedAt,
        sla: {
          respond_by: `${raisedAt.slice(0, 10)} 23:59`,
          plan_by: null,
          resolve_by: `${raisedAt.slice(0, 8)}${String(Number(raisedAt.slice(8, 10)) + 3).padStart(2, '0')} 18:00`,
        },
      });
    expect(policy.issues.sla).toBeDefined();
    const i1 = raise('K2', v2, '2026-10-08 10:30', 'important', 'delivery');
    const i2 = raise('K3', v4, '2026-10-13 15:20', 'urgent', 'product');
    const i3 = raise('K4', v5, '2026-10-20 11:00', 'general', 'service');
    const i4 = raise('K6', v7, '2026-10-28 09:00', 'general', 'followup');
    raise('K3', v3, '2026-10-12 15:10', 'general', 'service');
    const move = (issue: number, action: 'respond' | 'resolve' | 'confirm' | 'reopen', at: string, note: string | null = null) => {
      const row = issueById(db, issue);
      if (!row) throw new Error(`issue ${issue}`);
      moveIssue(db, row, action, at, '王芳', note);
    };
    move(i1, 'respond', '2026-10-08 14:00');
    move(i1, 'resolve', '2026-10-10 09:00', '已补发');
    move(i1, 'confirm', '2026-10-12 09:00');
    move(i2, 'resolve', '2026-10-20 09:00');
    move(i2, 'confirm', '2026-11-05 09:00');
    move(i3, 'respond', '2026-10-21 09:00');
    move(i3, 'resolve', '2026-10-22 09:00');
    move(i3, 'reopen', '2026-10-25 09:00', '又坏了');
    move(i4, 'respond', '2026-10-29 09:00');

    // Re-checks: a call checked twice (the latest counts), another once, one of September.
    const audit = (visitId: number, at: string, result: string) =>
      db.run(sql`INSERT INTO audit (visit_id, auditor, audited_at, result) VALUES (${visitId}, '张主管', ${at}, ${result})`);
    audit(v1, '2026-11-03', 'mismatch');
    audit(v1, '2026-11-04', 'confirmed');
    audit(v2, '2026-11-03', 'mismatch');
    audit(v6, '2026-11-05', 'unreachable');
  });
}

const requests: ReportRequest[] = (['staff', 'tier', 'channel', 'week'] as const).map((by) => ({ period: OCT, by, asOf: AS_OF, compare: true, trend: true }));

describe.skipIf(!ADMIN)('the report on PostgreSQL equals the report on SQLite for the same store', () => {
  const name = `report_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  let admin: PgDb;
  let pg: Db;
  let lite: Db;

  beforeAll(() => {
    admin = new PgDb(ADMIN as string);
    admin.exec(`CREATE DATABASE ${name}`);
    pg = createStore(databaseUrl(ADMIN as string, name));
    lite = memoryStore();
    seed(lite);
    seed(pg);
  });

  afterAll(() => {
    pg?.close();
    lite?.close();
    admin?.exec(`DROP DATABASE IF EXISTS ${name}`);
    admin?.close();
  });

  it.each(requests)('buildReport --by $by with --compare and the trend: the same document', (req) => {
    const sqlite = buildReport(lite, req);
    const postgres = buildReport(pg, req);
    expect(postgres).toEqual(sqlite);
  });

  it('the seed reaches every figure: late days, conversions, superseded calls, issues open by age, audits, the quota', () => {
    const { doc } = buildReport(lite, requests[0] as ReportRequest);
    const o = doc.overall;
    expect(o).toMatchObject({ planned: 9, done: 5, cancelled: 1, on_time: 3, attempts: 7, reached: 5, needs: 2 });
    expect(o.avg_days_late).toBe(3); // (3 + 12 days late) / 5 done
    expect(o.conversion).toBeGreaterThan(0);
    expect(Object.values(o.issues.open_by_age).filter((n) => n > 0).length).toBeGreaterThan(1);
    expect(doc.audit).toEqual({ audited: 3, mismatches: 1, mismatch_rate: 0.5 });
    expect(doc.weekly_calls.map((w) => w.staff)).not.toContain('张主管');
    expect(doc.low_scores.length).toBeGreaterThan(0);
    expect(doc.rows.map((r) => r.key)).toEqual(['—', '张主管', '李娜', '王芳']);
  });

  it('the report page: issues by kind, problems by month, needs recorded', () => {
    const span = { from: '2026-09-01', to: '2026-10-31' };
    expect(issueCells(pg, span)).toEqual(issueCells(lite, span));
    expect(problemsByMonth(pg, span)).toEqual(problemsByMonth(lite, span));
    expect(needsRecorded(pg, span)).toEqual(needsRecorded(lite, span));
    expect(needsRecorded(lite, span).map((r) => r.needs)).toEqual(['续约', '想加一台设备']);
  });

  it('--csv --detail: the same rows, tasks joined in order, issues as JSON with the same content', () => {
    const parse = (rows: ReturnType<typeof reportDetail>['rows']) => rows.map((r) => ({ ...r, issues: JSON.parse(r.issues) as unknown }));
    const sqlite = reportDetail(lite, OCT).rows;
    expect(parse(reportDetail(pg, OCT).rows)).toEqual(parse(sqlite));
    expect(sqlite.find((r) => r.code === 'K2')?.tasks).toBe('routine');
    expect(JSON.parse(sqlite.find((r) => r.code === 'K3' && r.outcome === 'reached')?.issues ?? '[]')).toEqual([
      { level: 'urgent', category: 'product', description: 'product urgent', department: '售后部' },
    ]);
  });

  it('issue list, one issue, its transitions, the open ones before a call: the same on both', () => {
    for (const filter of [
      { unconfirmedOnly: false, level: null },
      { unconfirmedOnly: true, level: null },
      { unconfirmedOnly: false, level: 'general' as const },
      { unconfirmedOnly: true, level: 'general' as const },
    ]) {
      expect(listIssues(pg, filter)).toEqual(listIssues(lite, filter));
    }
    expect(listIssues(lite, { unconfirmedOnly: true, level: null }).map((i) => i.status)).toEqual(['open', 'reopened', 'responded']);
    for (const i of listIssues(lite, { unconfirmedOnly: false, level: null })) {
      expect(issueById(pg, i.id)).toEqual(i);
      expect(transitionsOf(pg, i.id)).toEqual(transitionsOf(lite, i.id));
      expect(issueLevelOf(pg, i.id)).toBe(i.level);
      expect(unconfirmedIssuesOf(pg, i.customer_id)).toEqual(unconfirmedIssuesOf(lite, i.customer_id));
    }
    expect(transitionsOf(lite, 3).map((t) => `${t.from_status}→${t.to_status}`)).toEqual(['open→responded', 'responded→resolved', 'resolved→reopened']);
    expect(new CalendarRepo(pg).all()).toEqual(new CalendarRepo(lite).all());
  });

  it('doctor: every check passes on both; on PostgreSQL a table open to PUBLIC, and a row loaded with the triggers off that points at nothing, fail their checks', () => {
    const names = (db: Db) => runChecks(db).filter((r) => !['integrity', 'file_mode', 'public_access'].includes(r.name));
    expect(runChecks(pg).filter((r) => !r.ok)).toEqual([]);
    expect(runChecks(pg).map((r) => r.name)).toEqual(['integrity', 'public_access', 'foreign_keys', 'schema_version', 'primary_contacts', 'done_tasks', 'uncontactable', 'confirmed_issues']);
    expect(names(pg)).toEqual(names(lite));
    // The server's counterpart of a store file others can read: a table granted to every login.
    pg.exec('GRANT SELECT ON customer TO PUBLIC');
    expect(runChecks(pg).find((r) => r.name === 'public_access')).toMatchObject({ ok: false, params: { count: 1, fix: 'REVOKE ALL ON "customer" FROM PUBLIC' }, details: ['customer'] });
    pg.exec('REVOKE ALL ON customer FROM PUBLIC');
    // What a bulk loader may leave: session_replication_role = replica skips the foreign-key triggers.
    pg.transaction(() => {
      pg.exec('SET LOCAL session_replication_role = replica');
      pg.run(sql`INSERT INTO visit_task (visit_id, task_id) VALUES (9999, 1)`);
    });
    const fk = runChecks(pg).find((r) => r.name === 'foreign_keys');
    expect(fk).toMatchObject({ ok: false, params: { count: 1 }, details: ['visit_task.visit_id 9999 → visit'] });
  });
});
