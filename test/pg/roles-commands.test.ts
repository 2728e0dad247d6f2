// Roles through huifang itself (issue 14 point 4): the demo store on PostgreSQL, and each role's login running the real binary.
//
// Needs HUIFANG_TEST_PG (an administrator's URL, trust authentication) and a built binary
// (`npm run build`). While a store module the commands use still fails on PostgreSQL ("not yet
// written for PostgreSQL"), `init` or an import does, and every case is skipped, saying so.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { setStaff } from '../../src/app/staff.js';
import { openStore, type Db } from '../../src/store/db.js';
import { PgDb } from '../../src/store/pg-driver.js';
import { sql } from '../../src/store/sql.js';
import { ROOT, runCli, tempDir } from '../helpers.js';

const ADMIN = process.env.HUIFANG_TEST_PG;
const suffix = randomBytes(4).toString('hex');
const DB = `roles_cmd_${suffix}`;
const L = { owner: `roles_cmd_${suffix}_owner`, wf: `roles_cmd_${suffix}_wf`, ln: `roles_cmd_${suffix}_ln`, boss: `roles_cmd_${suffix}_boss` };
const TODAY = '2026-11-23'; // fixtures/demo/anchor.txt
const DEMO = path.join(ROOT, 'fixtures', 'demo');

function urlAs(login: string): string {
  const u = new URL(ADMIN ?? 'postgres://localhost/postgres');
  u.username = login;
  u.password = '';
  u.pathname = `/${DB}`;
  return u.toString();
}

/** huifang as a login, in English, on the demo's day. */
const as = (login: string, ...args: string[]) => runCli(['--db', urlAs(login), '--today', TODAY, '--lang', 'en', ...args]);

describe.skipIf(!ADMIN)('roles through huifang: a clerk’s login sees her customers only; only the owner imports', () => {
  let admin: PgDb;
  let owner: Db;
  /** Why the cases cannot run yet (a store module not yet on PostgreSQL), or '' when they can. */
  let notReady = '';
  const ready = (ctx: TestContext) => {
    if (notReady) ctx.skip(`not yet runnable on PostgreSQL: ${notReady}`);
  };
  /** Codes of each clerk's customers, read by the owner. */
  const codesOf = (name: string) => owner.values<string>(sql`SELECT code FROM customer WHERE owner = ${name} ORDER BY code`);

  beforeAll(() => {
    admin = new PgDb(ADMIN ?? '');
    admin.exec(`CREATE ROLE ${L.owner} LOGIN CREATEROLE`);
    for (const l of [L.wf, L.ln, L.boss]) admin.exec(`CREATE ROLE ${l} LOGIN`);
    admin.exec(`CREATE DATABASE ${DB} OWNER ${L.owner}`);
    for (const args of [['init'], ...['customers', 'contacts', 'events', 'visits'].map((kind) => ['import', kind, path.join(DEMO, `${kind}.csv`)])]) {
      const r = as(L.owner, ...args);
      if (r.code !== 0) {
        notReady = `${args.slice(0, 2).join(' ')}: ${r.stderr.trim().split('\n')[0]}`;
        break;
      }
    }
    if (notReady) return;
    owner = openStore(urlAs(L.owner));
    setStaff(owner, '王芳', { role: 'clerk', login: L.wf });
    setStaff(owner, '李娜', { role: 'clerk', login: L.ln });
    setStaff(owner, '赵主管', { role: 'supervisor', login: L.boss });
  });

  afterAll(() => {
    owner?.close();
    if (!admin) return;
    admin.exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${DB}' AND pid <> pg_backend_pid()`);
    admin.exec(`DROP DATABASE IF EXISTS ${DB}`);
    const roles = [`huifang_${DB}_clerk`, `huifang_${DB}_supervisor`, L.wf, L.ln, L.boss, L.owner];
    // Only those there are: DROP ROLE IF EXISTS of a missing one prints a notice.
    for (const r of admin.values<string>(sql`SELECT rolname FROM pg_roles WHERE rolname = ANY(${`{${roles.join(',')}}`})`)) admin.exec(`DROP ROLE ${r}`);
    admin.close();
  });

  it('another clerk’s customer answers exactly as a missing one: "does not exist", exit 3', (ctx) => {
    ready(ctx);
    const other = codesOf('李娜')[0] ?? '';
    const mine = codesOf('王芳')[0] ?? '';
    const theirs = as(L.wf, 'customer', 'show', other);
    const missing = as(L.wf, 'customer', 'show', 'NO-SUCH-1');
    expect(theirs.code).toBe(3);
    expect(missing.code).toBe(3);
    expect(theirs.stderr.replace(other, 'X')).toBe(missing.stderr.replace('NO-SUCH-1', 'X'));
    expect(theirs.stdout).toBe('');
    expect(as(L.wf, 'customer', 'show', mine).code).toBe(0);
    // The supervisor sees it.
    expect(as(L.boss, 'customer', 'show', other).code).toBe(0);
  });

  it('customer list, due and issue list under a clerk’s login hold her customers only; a supervisor’s hold everyone’s', (ctx) => {
    ready(ctx);
    const hers = new Set(codesOf('王芳'));
    const list = JSON.parse(as(L.wf, 'customer', 'list', '--json').stdout) as { code: string }[];
    expect(new Set(list.map((c) => c.code))).toEqual(hers);

    type Due = { items: { customer: { code: string } }[] };
    const due = JSON.parse(as(L.wf, 'due', '--json').stdout) as Due;
    expect(due.items.length).toBeGreaterThan(0);
    for (const item of due.items) expect(hers.has(item.customer.code), item.customer.code).toBe(true);
    const everyone = JSON.parse(as(L.owner, 'due', '--json', '--limit', '1000').stdout) as Due;
    const boss = JSON.parse(as(L.boss, 'due', '--json', '--limit', '1000').stdout) as Due;
    expect(boss.items.map((i) => i.customer.code)).toEqual(everyone.items.map((i) => i.customer.code));
    expect(everyone.items.filter((i) => hers.has(i.customer.code)).length).toBeGreaterThanOrEqual(due.items.length);

    const issues = JSON.parse(as(L.wf, 'issue', 'list', '--json').stdout) as { customer: { code: string } | string }[];
    for (const i of issues) expect(hers.has(typeof i.customer === 'string' ? i.customer : i.customer.code)).toBe(true);
  });

  it('a clerk logs a call on her customer (re-planned under her login); on another’s, "does not exist" and nothing written', (ctx) => {
    ready(ctx);
    const mine = codesOf('王芳')[1] ?? '';
    const other = codesOf('李娜')[1] ?? '';
    const visits = () => owner.value<number>(sql`SELECT count(*) FROM visit`);
    const before = visits();
    const logged = as(L.wf, 'log', mine, '--outcome', 'reached', '--score', '4', '--feedback', '满意', '--yes');
    expect(logged.stderr).toBe('');
    expect(logged.code).toBe(0);
    expect(visits()).toBe((before ?? 0) + 1);
    const refused = as(L.wf, 'log', other, '--outcome', 'no_answer', '--yes');
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(`Customer ${other} does not exist.`);
    expect(visits()).toBe((before ?? 0) + 1);
  });

  it('report under a clerk’s login gives her own figures; a supervisor’s gives the owner’s', (ctx) => {
    ready(ctx);
    type Report = { overall: { planned: number; done: number } };
    const report = (login: string) => JSON.parse(as(login, 'report', '--month', '2026-11', '--json').stdout) as Report;
    const all = report(L.owner);
    const hers = report(L.wf);
    expect(report(L.boss).overall).toEqual(all.overall);
    expect(hers.overall.planned).toBeGreaterThan(0);
    expect(hers.overall.planned).toBeLessThan(all.overall.planned);
  });

  it('only the owner imports, changes the policy, the calendar or staff: a clerk gets exit 4 and nothing changes', (ctx) => {
    ready(ctx);
    const dir = tempDir();
    const holidays = path.join(dir, 'h.csv');
    fs.writeFileSync(holidays, 'date,kind,name\n2026-12-24,holiday,x\n');
    const policy = path.join(dir, 'p.json');
    expect(as(L.owner, 'policy', 'export', policy).code).toBe(0);
    for (const args of [
      ['import', 'customers', path.join(DEMO, 'customers.csv')],
      ['policy', 'import', policy],
      ['calendar', 'import', holidays],
      ['staff', 'set', '王芳', '--role', 'supervisor'],
    ]) {
      const r = as(L.wf, ...args);
      expect(r.code, args.join(' ')).toBe(4);
      expect(r.stderr, args.join(' ')).toMatch(/may not|does not own/);
    }
    expect(owner.value<number>(sql`SELECT count(*) FROM calendar_override`)).toBe(0);
    expect(owner.value<string>(sql`SELECT role FROM staff WHERE name = '王芳'`)).toBe('clerk');
  });

  it('a new month under a clerk’s login: her list works, and the horizon is left for a login that sees every customer', (ctx) => {
    ready(ctx);
    const through = () => owner.value<string>(sql`SELECT value FROM meta WHERE key = 'planned_through'`);
    const before = through();
    const nextMonth = (login: string) => runCli(['--db', urlAs(login), '--today', '2026-12-01', '--lang', 'en', 'due', '--json']);
    const hers = nextMonth(L.wf);
    expect(hers.stderr).toBe('');
    expect(hers.code).toBe(0);
    // Her re-plan could cover only the customers she sees: marking the move done would skip everyone else's.
    expect(through()).toBe(before);
    expect(nextMonth(L.boss).code).toBe(0);
    expect(through()).toBe('2027-01-31');
  });
});
