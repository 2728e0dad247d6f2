// Roles enforced by the server (issue 14 point 4, SPEC §5–§6): each role's login connects and proves the row-level security with direct SQL.
//
// Runs when HUIFANG_TEST_PG names an administrator's URL (a superuser, e.g.
// postgres://owner@127.0.0.1:55432/postgres with trust authentication): it makes a store owner
// that is NOT a superuser (LOGIN CREATEROLE, owning the database), three staff logins and one
// stranger, a database for them, and drops all of it afterwards.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireStaff, setStaff } from '../../src/app/staff.js';
import { staffList, staffSet } from '../../src/commands/staff.js';
import { createStore, type Db } from '../../src/store/db.js';
import { PgDb } from '../../src/store/pg-driver.js';
import { groupRoles, isStoreOwner, seesWholeStore } from '../../src/store/pg-roles.js';
import { sql } from '../../src/store/sql.js';
import { StaffRepo, staffByName } from '../../src/store/staff.js';
import { testContext } from '../helpers.js';

const ADMIN = process.env.HUIFANG_TEST_PG;
const suffix = randomBytes(4).toString('hex');
const DB = `roles_${suffix}`;
const L = { owner: `roles_${suffix}_owner`, wf: `roles_${suffix}_wf`, ln: `roles_${suffix}_ln`, boss: `roles_${suffix}_boss`, stranger: `roles_${suffix}_x` };

/** The admin URL with another login and database (trust authentication: no password). */
function urlAs(login: string, database = DB): string {
  const u = new URL(ADMIN ?? 'postgres://localhost/postgres');
  u.username = login;
  u.password = '';
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * Let a connection the command closed finish closing before anything else runs: libpq's binding
 * frees the connection's poll handle on garbage collection, which must not come before libuv has
 * closed it (else an assertion in uv__finish_close kills the worker). See the report to the lead.
 */
const closed = () => new Promise((resolve) => setTimeout(resolve, 5));

/** SQLSTATE of what fn threw ('' when it did not throw). */
function stateOf(fn: () => unknown): string {
  try {
    fn();
    return '';
  } catch (err) {
    return String((err as { sqlState?: string }).sqlState ?? (err as Error).message);
  }
}

const count = (db: Db, table: string) => db.value<number>(sql`SELECT count(*) FROM ${sql.table(table)}`);
const codes = (db: Db) => db.values<string>(sql`SELECT code FROM customer ORDER BY code`);

/** Every table a clerk's policy limits, with how many rows each owner's two customers hold (seeded below). */
const LIMITED = ['customer', 'contact', 'event', 'task', 'visit', 'visit_task', 'issue', 'issue_transition', 'audit'];

/**
 * Per owner: customers C-<owner>-1 and -2, each with one contact, event, two tasks, a visit that
 * fulfilled the first task, an issue raised on it with one transition, and an audit of the visit.
 */
function seed(db: Db, owner: string, prefix: string): void {
  for (const n of [1, 2]) {
    const code = `${prefix}${n}`;
    const id = db.value<number>(
      sql`INSERT INTO customer (code, name, tier, tier_source, owner, created_on) VALUES (${code}, ${`客户${code}`}, 'A', 'explicit', ${owner}, '2026-01-05') RETURNING id`,
    );
    db.run(sql`INSERT INTO contact (customer_id, name, phone, is_primary) VALUES (${id}, '联系人', '13800001111', 1)`);
    db.run(sql`INSERT INTO event (customer_id, type, occurred_on, natural_key) VALUES (${id}, 'delivery', '2026-11-01', ${`k-${code}`})`);
    const tasks = ['routine', 'first_call'].map((rule) =>
      db.value<number>(
        sql`INSERT INTO task (customer_id, rule, source_key, purpose, channel, due_on, deadline, window_opens, list_on)
            VALUES (${id}, ${rule}, 'k', '回访', 'phone', '2026-11-23', '2026-11-30', '2026-11-20', '2026-11-23') RETURNING id`,
      ),
    );
    const visit = db.value<number>(
      sql`INSERT INTO visit (customer_id, staff, at, channel, outcome, score, source, recorded_at)
          VALUES (${id}, ${owner}, '2026-11-20 10:00', 'phone', 'reached', 4, 'log', '2026-11-20 10:01') RETURNING id`,
    );
    db.run(sql`INSERT INTO visit_task (visit_id, task_id) VALUES (${visit}, ${tasks[0] ?? 0})`);
    const issue = db.value<number>(
      sql`INSERT INTO issue (customer_id, visit_id, category, level, description, raised_at, respond_by, resolve_by)
          VALUES (${id}, ${visit}, 'service', 'general', '问题', '2026-11-20 10:00', '2026-11-21 10:00', '2026-11-27 10:00') RETURNING id`,
    );
    db.run(sql`INSERT INTO issue_transition (issue_id, from_status, to_status, at) VALUES (${issue}, 'open', 'responded', '2026-11-20 11:00')`);
    db.run(sql`INSERT INTO audit (visit_id, audited_at, result) VALUES (${visit}, '2026-11-22 09:00', 'confirmed')`);
  }
}

describe.skipIf(!ADMIN)('roles on PostgreSQL: row-level security proved with direct SQL (issue 14 point 4)', () => {
  let admin: PgDb;
  /** The store owner's connection (the login that ran init). */
  let owner: Db;
  const open: PgDb[] = [];
  const as = (login: string): Db => {
    const db = new PgDb(urlAs(login));
    open.push(db);
    return db as unknown as Db;
  };

  beforeAll(() => {
    admin = new PgDb(ADMIN ?? '');
    admin.exec(`CREATE ROLE ${L.owner} LOGIN CREATEROLE`);
    for (const l of [L.wf, L.ln, L.boss, L.stranger]) admin.exec(`CREATE ROLE ${l} LOGIN`);
    admin.exec(`CREATE DATABASE ${DB} OWNER ${L.owner}`);
    owner = createStore(urlAs(L.owner));
    owner.transaction(() => {
      seed(owner, '王芳', 'W');
      seed(owner, '李娜', 'N');
      // A customer nobody owns: only the owner and supervisors see it.
      owner.run(sql`INSERT INTO customer (code, name, tier, tier_source, created_on) VALUES ('U1', '无主', 'B', 'explicit', '2026-01-05')`);
      owner.run(sql`INSERT INTO policy (id, document, updated_on) VALUES (1, '{}', '2026-11-23')`);
      owner.run(sql`INSERT INTO meta (key, value) VALUES ('planned_through', '2026-12-31')`);
    });
  });

  afterAll(() => {
    for (const db of open) db.close();
    owner?.close();
    if (!admin) return;
    admin.exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${DB}' AND pid <> pg_backend_pid()`);
    admin.exec(`DROP DATABASE IF EXISTS ${DB}`);
    // Roles are cluster-wide: dropping the database leaves the store's group roles behind.
    const roles = [`huifang_${DB}_clerk`, `huifang_${DB}_supervisor`, L.wf, L.ln, L.boss, L.stranger, L.owner];
    // Only those there are: DROP ROLE IF EXISTS of a missing one prints a notice.
    for (const r of admin.values<string>(sql`SELECT rolname FROM pg_roles WHERE rolname = ANY(${`{${roles.join(',')}}`})`)) admin.exec(`DROP ROLE ${r}`);
    admin.close();
  });

  it('init creates no roles; staff set --login creates the store’s group roles and grants them (through huifang)', async () => {
    const groups = groupRoles(owner);
    expect(groups).toEqual({ clerk: `huifang_${DB}_clerk`, supervisor: `huifang_${DB}_supervisor` });
    expect(admin.value<number>(sql`SELECT count(*) FROM pg_roles WHERE rolname IN (${groups.clerk}, ${groups.supervisor})`)).toBe(0);

    const c = testContext({ dbPath: urlAs(L.owner) });
    staffSet(c.ctx, '王芳', { role: 'clerk', login: L.wf });
    await closed();
    expect(c.out()).toContain(`Database login ${L.wf} now has the clerk's role`);
    setStaff(owner, '李娜', { login: L.ln });
    setStaff(owner, '张主管', { role: 'supervisor', login: L.boss });

    const member = (login: string) =>
      admin.values<string>(sql`SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = ${login}`);
    expect(member(L.wf)).toEqual([groups.clerk]);
    expect(member(L.ln)).toEqual([groups.clerk]);
    expect(member(L.boss)).toEqual([groups.supervisor]);
    expect(admin.value<number>(sql`SELECT count(*) FROM pg_roles WHERE rolname IN (${groups.clerk}, ${groups.supervisor}) AND NOT rolcanlogin`)).toBe(2);

    const list = testContext({ dbPath: urlAs(L.owner) });
    staffList(list.ctx, { json: true });
    await closed();
    expect(JSON.parse(list.out())).toEqual([
      { name: '张主管', role: 'supervisor', daily_capacity: null, login: L.boss },
      { name: '李娜', role: 'clerk', daily_capacity: null, login: L.ln },
      { name: '王芳', role: 'clerk', daily_capacity: null, login: L.wf },
    ]);
  });

  it('a login the server does not have, a role that cannot log in, or a login already taken: exit 3, nothing written', () => {
    const attempt = (name: string, login: string) => {
      try {
        setStaff(owner, name, { login, role: 'clerk' });
        return undefined;
      } catch (err) {
        return err as { key: string; exitCode: number };
      }
    };
    expect(attempt('赵六', `roles_${suffix}_nobody`)).toMatchObject({ key: 'staff.loginMissing', exitCode: 3 });
    expect(attempt('赵六', groupRoles(owner).clerk)).toMatchObject({ key: 'staff.loginCannotLogIn', exitCode: 3 });
    expect(attempt('赵六', L.ln)).toMatchObject({ key: 'staff.loginTaken', exitCode: 3 });
    // The owner's own login (or a superuser's) would see everything as a "clerk": refused, said why.
    expect(attempt('赵六', L.owner)).toMatchObject({ key: 'staff.loginSeesAllAnyway', exitCode: 3 });
    expect(attempt('赵六', new URL(ADMIN ?? 'postgres://x@y/z').username)).toMatchObject({ key: 'staff.loginSeesAllAnyway', exitCode: 3 });
    expect(staffByName(owner, '赵六')).toBeUndefined();
  });

  it('a clerk’s SELECT sees only her customers and their records, in every table', () => {
    const wf = as(L.wf);
    expect(codes(wf)).toEqual(['W1', 'W2']);
    // Team mode turned JIT off for the database: a clerk's policies would make every statement compile.
    expect(wf.value(sql`SELECT current_setting('jit')`)).toBe('off');
    for (const table of LIMITED) expect(count(wf, table), table).toBe(table === 'customer' ? 2 : table === 'task' ? 4 : 2);
    // The owner's tables that every command reads are readable in full.
    expect(count(wf, 'staff')).toBe(3);
    expect(count(wf, 'policy')).toBe(1);
    expect(count(wf, 'meta')).toBe(1);
    expect(count(wf, 'calendar_override')).toBe(0);
    expect(count(wf, 'schema_version')).toBe(1);
    // Another clerk's customer is exactly as absent as one that does not exist.
    expect(wf.get(sql`SELECT * FROM customer WHERE code = 'N1'`)).toBeUndefined();
    expect(wf.get(sql`SELECT * FROM customer WHERE code = 'NOPE'`)).toBeUndefined();
    expect(wf.get(sql`SELECT * FROM customer WHERE code = 'U1'`)).toBeUndefined();
  });

  it('a clerk cannot change another clerk’s records: UPDATE and DELETE affect 0 rows, INSERT is refused', () => {
    const wf = as(L.wf);
    const other = owner.value<number>(sql`SELECT id FROM customer WHERE code = 'N1'`) ?? 0;
    const otherVisit = owner.value<number>(sql`SELECT id FROM visit WHERE customer_id = ${other}`) ?? 0;
    const otherIssue = owner.value<number>(sql`SELECT id FROM issue WHERE customer_id = ${other}`) ?? 0;
    expect(wf.run(sql`UPDATE customer SET notes = 'x' WHERE code = 'N1'`).changes).toBe(0);
    expect(wf.run(sql`UPDATE customer SET notes = 'x'`).changes).toBe(2); // hers only
    expect(wf.run(sql`UPDATE task SET attempts = attempts + 1 WHERE customer_id = ${other}`).changes).toBe(0);
    expect(wf.run(sql`DELETE FROM task WHERE customer_id = ${other}`).changes).toBe(0);
    expect(wf.run(sql`UPDATE issue SET status = 'confirmed' WHERE id = ${otherIssue}`).changes).toBe(0);
    expect(wf.run(sql`UPDATE contact SET phone = '1' WHERE customer_id = ${other}`).changes).toBe(0);
    // 42501: "new row violates row-level security policy".
    expect(stateOf(() => wf.run(sql`INSERT INTO task (customer_id, rule, source_key, purpose, channel, due_on, deadline, window_opens, list_on)
      VALUES (${other}, 'adhoc', 'x', 'p', 'phone', '2026-11-23', '2026-11-30', '2026-11-23', '2026-11-23')`))).toBe('42501');
    expect(stateOf(() => wf.run(sql`INSERT INTO visit (customer_id, at, channel, outcome, source, recorded_at)
      VALUES (${other}, '2026-11-23 09:00', 'phone', 'no_answer', 'log', '2026-11-23 09:00')`))).toBe('42501');
    expect(stateOf(() => wf.run(sql`INSERT INTO issue_transition (issue_id, from_status, to_status, at) VALUES (${otherIssue}, 'open', 'responded', '2026-11-23 09:00')`))).toBe('42501');
    expect(stateOf(() => wf.run(sql`INSERT INTO audit (visit_id, audited_at, result) VALUES (${otherVisit}, '2026-11-23 09:00', 'confirmed')`))).toBe('42501');
    // Her own customer cannot be handed to another clerk, nor a new one recorded as another's.
    expect(stateOf(() => wf.run(sql`UPDATE customer SET owner = '李娜' WHERE code = 'W1'`))).toBe('42501');
    expect(stateOf(() => wf.run(sql`INSERT INTO customer (code, name, tier, tier_source, owner, created_on) VALUES ('W9', 'x', 'A', 'explicit', '李娜', '2026-11-23')`))).toBe('42501');
    expect(owner.value<number>(sql`SELECT count(*) FROM customer WHERE notes = 'x'`)).toBe(2);
    expect(owner.value<number>(sql`SELECT count(*) FROM task WHERE customer_id = ${other}`)).toBe(2);
  });

  it('a clerk may not write staff, the policy, the calendar or meta, nor delete records (permission denied)', () => {
    const wf = as(L.wf);
    expect(stateOf(() => wf.run(sql`INSERT INTO staff (name) VALUES ('黑客')`))).toBe('42501');
    expect(stateOf(() => wf.run(sql`UPDATE staff SET role = 'supervisor' WHERE login = current_user`))).toBe('42501');
    expect(stateOf(() => wf.run(sql`UPDATE policy SET document = '{}'`))).toBe('42501');
    expect(stateOf(() => wf.run(sql`INSERT INTO calendar_override (date, kind) VALUES ('2026-12-01', 'holiday')`))).toBe('42501');
    expect(stateOf(() => wf.run(sql`UPDATE meta SET value = '2027-01-31' WHERE key = 'planned_through'`))).toBe('42501');
    expect(stateOf(() => wf.run(sql`DELETE FROM visit`))).toBe('42501');
    expect(stateOf(() => wf.run(sql`DELETE FROM customer`))).toBe('42501');
    expect(stateOf(() => wf.value(sql`SELECT huifang_setup_group_roles()`))).toBe('42501');
    // A temporary table of her own named staff does not make her a supervisor (the functions name their schema).
    wf.exec(`CREATE TEMP TABLE staff (name text, role text, login text); INSERT INTO staff VALUES ('李娜', 'supervisor', current_user)`);
    expect(codes(wf)).toEqual(['W1', 'W2']);
  });

  it('her own day’s writes work: a visit, its task links, a re-plan of her customer (insert, update, delete tasks), an issue', () => {
    const wf = as(L.wf);
    const mine = owner.value<number>(sql`SELECT id FROM customer WHERE code = 'W2'`) ?? 0;
    wf.transaction(() => {
      const visit = wf.value<number>(sql`INSERT INTO visit (customer_id, staff, at, channel, outcome, source, recorded_at)
        VALUES (${mine}, '王芳', '2026-11-23 09:00', 'phone', 'no_answer', 'log', '2026-11-23 09:00') RETURNING id`);
      const task = wf.value<number>(sql`INSERT INTO task (customer_id, rule, source_key, purpose, channel, due_on, deadline, window_opens, list_on)
        VALUES (${mine}, 'adhoc', 'r', 'p', 'phone', '2026-11-24', '2026-11-30', '2026-11-24', '2026-11-24') RETURNING id`);
      wf.run(sql`INSERT INTO visit_task (visit_id, task_id) VALUES (${visit}, ${task})`);
      expect(wf.run(sql`DELETE FROM visit_task WHERE task_id = ${task}`).changes).toBe(1);
      expect(wf.run(sql`DELETE FROM task WHERE id = ${task}`).changes).toBe(1);
      expect(wf.run(sql`UPDATE task SET attempts = 1, list_on = '2026-11-24' WHERE customer_id = ${mine} AND rule = 'routine'`).changes).toBe(1);
      expect(wf.run(sql`UPDATE customer SET next_plan_on = '2027-01-01' WHERE id = ${mine}`).changes).toBe(1);
      const issue = wf.value<number>(sql`INSERT INTO issue (customer_id, visit_id, category, level, description, raised_at, respond_by, resolve_by)
        VALUES (${mine}, ${visit}, 'product', 'urgent', 'x', '2026-11-23 09:00', '2026-11-23 11:00', '2026-11-24 09:00') RETURNING id`);
      wf.run(sql`INSERT INTO issue_transition (issue_id, from_status, to_status, at) VALUES (${issue}, 'open', 'responded', '2026-11-23 10:00')`);
      // Her name is on the staff list already: ensuring it reads, it does not insert (which she may not).
      new StaffRepo(wf).ensure('王芳');
      expect(requireStaff(wf, '王芳')).toMatchObject({ name: '王芳', supervisor: false });
    });
    expect(owner.value<number>(sql`SELECT count(*) FROM visit WHERE customer_id = ${mine}`)).toBe(2);
  });

  it('a supervisor sees every customer and record; a login on no staff row, or in no group, sees nothing', () => {
    const boss = as(L.boss);
    expect(codes(boss)).toEqual(['N1', 'N2', 'U1', 'W1', 'W2']);
    for (const table of LIMITED) expect(count(boss, table), table).toBe(owner.value<number>(sql`SELECT count(*) FROM ${sql.table(table)}`));
    expect(seesWholeStore(boss)).toBe(true);
    expect(isStoreOwner(boss)).toBe(false);
    // The supervisor may move the plan horizon (meta); she may not change staff or the policy.
    expect(boss.run(sql`UPDATE meta SET value = '2026-12-31' WHERE key = 'planned_through'`).changes).toBe(1);
    expect(stateOf(() => boss.run(sql`UPDATE staff SET role = 'clerk'`))).toBe('42501');

    const wf = as(L.wf);
    expect(seesWholeStore(wf)).toBe(false);
    expect(isStoreOwner(wf)).toBe(false);
    expect(isStoreOwner(owner)).toBe(true);
    expect(seesWholeStore(owner)).toBe(true);

    // A login in no group role may read nothing; one in the clerk's group but on no staff row sees no customer.
    const stranger = as(L.stranger);
    expect(stateOf(() => codes(stranger))).toBe('42501');
    admin.exec(`GRANT ${groupRoles(owner).clerk} TO ${L.stranger}`);
    expect(codes(stranger)).toEqual([]);
    expect(count(stranger, 'task')).toBe(0);
    admin.exec(`REVOKE ${groupRoles(owner).clerk} FROM ${L.stranger}`);
  });

  it('only the store owner may set staff (exit 4, nothing changed)', () => {
    const wf = as(L.wf);
    expect(() => setStaff(wf, '王芳', { role: 'supervisor' })).toThrow(expect.objectContaining({ key: 'roles.ownerOnly', exitCode: 4 }));
    expect(staffByName(owner, '王芳')?.role).toBe('clerk');
  });

  it('changing a member’s role moves her login to the other group role; removing the login revokes it', () => {
    const groups = groupRoles(owner);
    const member = (login: string) =>
      admin.values<string>(sql`SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = ${login}`);
    setStaff(owner, '李娜', { role: 'supervisor' });
    expect(member(L.ln)).toEqual([groups.supervisor]);
    expect(codes(as(L.ln))).toEqual(['N1', 'N2', 'U1', 'W1', 'W2']);
    setStaff(owner, '李娜', { role: 'clerk' });
    expect(member(L.ln)).toEqual([groups.clerk]);
    expect(codes(as(L.ln))).toEqual(['N1', 'N2']);

    // The login given to another member: the old holder's grant goes with it.
    setStaff(owner, '李娜', { login: null });
    expect(member(L.ln)).toEqual([]);
    expect(stateOf(() => codes(as(L.ln)))).toBe('42501');
    setStaff(owner, '李娜', { login: L.ln });
    expect(codes(as(L.ln))).toEqual(['N1', 'N2']);
  });
});

describe.skipIf(!ADMIN)('roles on PostgreSQL: a store owner without CREATEROLE', () => {
  const db2 = `${DB}_plain`;
  const plain = `${L.owner}_plain`;
  let admin: PgDb;
  let owner: Db;

  beforeAll(() => {
    admin = new PgDb(ADMIN ?? '');
    admin.exec(`CREATE ROLE ${plain} LOGIN`);
    admin.exec(`CREATE ROLE ${plain}_wf LOGIN`);
    admin.exec(`CREATE DATABASE ${db2} OWNER ${plain}`);
    owner = createStore(urlAs(plain, db2));
  });

  afterAll(() => {
    owner?.close();
    if (!admin) return;
    admin.exec(`DROP DATABASE IF EXISTS ${db2}`);
    for (const r of [`${plain}_wf`, plain]) admin.exec(`DROP ROLE IF EXISTS ${r}`);
    admin.close();
  });

  it('init works without CREATEROLE; staff set --login then says the administrator must create the roles (exit 4, nothing written)', () => {
    expect(() => setStaff(owner, '王芳', { login: `${plain}_wf` })).toThrow(
      expect.objectContaining({ key: 'roles.cannotCreate', exitCode: 4, params: expect.objectContaining({ clerk: `huifang_${db2}_clerk`, login: plain }) }),
    );
    expect(staffByName(owner, '王芳')).toBeUndefined();
    // Without the roles, a staff member may still be recorded without a login.
    setStaff(owner, '王芳', { role: 'clerk' });
    expect(staffByName(owner, '王芳')?.login).toBeNull();
  });
});
