// The README's "A department on one store", walked on the tests' PostgreSQL server (issue 14): the
// administrator creates the logins and the database, runs init, import and staff set --login; a clerk's
// login sees her own customers only; backup makes a SQLite file; copy moves a file store onto the server.
// The README shows these commands as `console` blocks (they need a server): this test is what runs them.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_ADMIN, queryStore, rawSql, ROOT, runCli, storeKinds, tempDir } from '../helpers.js';

const TODAY = '2026-11-24';
const DEMO = path.join(ROOT, 'fixtures', 'demo');
const suffix = randomBytes(4).toString('hex');
/** The README's names, made unique: logins are the whole server's, not one database's. */
const OWNER = `huifang_${suffix}`;
const CLERK = `wangfang_${suffix}`;
const BOSS = `lina_${suffix}`;
const DB = `huifang_team_${suffix}`;
const COPY_DB = `huifang_moved_${suffix}`;

/** The admin's URL with another login and database (the tests' server trusts 127.0.0.1: no password). */
function urlAs(login: string, database: string): string {
  const u = new URL(PG_ADMIN as string);
  u.username = login;
  u.password = '';
  u.pathname = `/${database}`;
  return u.toString();
}
const admin = (text: string) => rawSql(PG_ADMIN as string, text);
const as = (login: string, database: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  runCli(['--today', TODAY, '--lang', 'en', ...args], { env: { HUIFANG_DB: urlAs(login, database), ...env } });
const ok = (r: { code: number; stdout: string; stderr: string }) => {
  expect(r.code, r.stderr).toBe(0);
  return r;
};
const dueCodes = (login: string, database: string, env: NodeJS.ProcessEnv = {}) =>
  (JSON.parse(ok(as(login, database, ['due', '--json', '--all'], env)).stdout) as { items: { customer: { code: string } }[] }).items.map((i) => i.customer.code);

describe.runIf(storeKinds.includes('postgres'))('a department on one store (README)', () => {
  beforeAll(() => {
    // What the administrator does with createuser and createdb, in SQL.
    admin(`CREATE ROLE "${OWNER}" LOGIN CREATEROLE`);
    admin(`CREATE ROLE "${CLERK}" LOGIN`);
    admin(`CREATE ROLE "${BOSS}" LOGIN`);
    admin(`CREATE DATABASE "${DB}" OWNER "${OWNER}"`);
    admin(`CREATE DATABASE "${COPY_DB}" OWNER "${OWNER}"`);
  });

  afterAll(() => {
    // The store's group roles (made by staff set) are the server's too: find them through the logins.
    const groups = queryStore(
      PG_ADMIN as string,
      `SELECT DISTINCT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
       WHERE u.rolname IN ('${CLERK}', '${BOSS}', '${OWNER}')`,
    ).map((r) => r.rolname as string);
    for (const db of [DB, COPY_DB]) admin(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
    for (const role of [CLERK, BOSS, ...groups, OWNER]) admin(`DROP ROLE IF EXISTS "${role}"`);
  });

  it('init, import and staff set --login as the owner; each clerk sees her own customers, a supervisor all', () => {
    ok(as(OWNER, DB, ['init']));
    ok(as(OWNER, DB, ['import', 'customers', path.join(DEMO, 'customers.csv')]));
    ok(as(OWNER, DB, ['import', 'events', path.join(DEMO, 'events.csv')]));
    ok(as(OWNER, DB, ['staff', 'set', '王芳', '--role', 'clerk', '--login', CLERK]));
    ok(as(OWNER, DB, ['staff', 'set', '李娜', '--role', 'supervisor', '--login', BOSS]));

    const all = dueCodes(OWNER, DB);
    const hers = dueCodes(CLERK, DB, { HUIFANG_USER: '王芳' });
    expect(hers.length).toBeGreaterThan(0);
    expect(hers.length).toBeLessThan(all.length);
    expect(dueCodes(BOSS, DB, { HUIFANG_USER: '李娜' })).toEqual(all);

    // Another clerk's customer does not exist for her (exit 3), as a missing one.
    const owners = queryStore(urlAs(OWNER, DB), "SELECT code, owner FROM customer WHERE owner <> '王芳' ORDER BY code LIMIT 1");
    const other = owners[0]?.code as string;
    const r = as(CLERK, DB, ['customer', 'show', other]);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(as(CLERK, DB, ['customer', 'show', 'NO-SUCH-1']).stderr.replace('NO-SUCH-1', other));
    // Only the owner imports.
    expect(as(CLERK, DB, ['import', 'customers', path.join(DEMO, 'customers.csv')]).code).not.toBe(0);
  });

  it('backup as the owner makes a SQLite file that is the same store; a clerk may not back it all up', () => {
    const dir = tempDir();
    const file = path.join(dir, 'huifang-2026-11-26.db');
    ok(as(OWNER, DB, ['backup', file]));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const fromFile = JSON.parse(ok(runCli(['--db', file, '--today', TODAY, 'due', '--json', '--all'])).stdout) as unknown;
    expect(fromFile).toEqual(JSON.parse(ok(as(OWNER, DB, ['due', '--json', '--all'])).stdout));
    expect(as(CLERK, DB, ['backup', path.join(dir, 'hers.db')]).code).not.toBe(0);
  });

  it('copy moves a file store onto the empty database, losing nothing (due --json the same)', () => {
    const dir = tempDir();
    const file = path.join(dir, 'huifang.db');
    ok(runCli(['--db', file, '--today', TODAY, 'demo']));
    const before = ok(runCli(['--db', file, '--today', TODAY, 'due', '--json', '--all'])).stdout;
    ok(runCli(['--today', TODAY, 'copy', file, urlAs(OWNER, COPY_DB)]));
    expect(ok(as(OWNER, COPY_DB, ['due', '--json', '--all'])).stdout).toBe(before);
  });
});
