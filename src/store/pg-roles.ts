// Team mode on PostgreSQL: the store's group roles, what the session's login may see, and granting a login a staff role.
//
// The rules themselves live in the server (migration 4 and its huifang_setup_group_roles: policies
// per group role, a clerk's rows found by staff.login); this module only reads who the session is
// and grants or revokes the group roles.
// On a SQLite file nothing is graded: every function answers as for the store owner.
import type { Db } from './db.js';
import { sql } from './sql.js';

export type StaffRole = 'clerk' | 'supervisor';

/** What the server knows of a role name: a login, a role that cannot log in, or nothing. */
export type LoginState = 'login' | 'nologin' | 'missing';

export function loginState(db: Db, login: string): LoginState {
  const canLogin = db.value<number>(sql`SELECT rolcanlogin FROM pg_roles WHERE rolname = ${login}`);
  return canLogin === undefined ? 'missing' : canLogin ? 'login' : 'nologin';
}

/**
 * Whether a login sees every row whatever group role it is given: the store's owner (or a member
 * of its role), a superuser, or a BYPASSRLS login. Making it a clerk would limit nothing.
 */
export function loginSeesAllAnyway(db: Db, login: string): boolean {
  return (
    db.value<number>(
      sql`SELECT r.rolsuper OR r.rolbypassrls OR pg_has_role(r.oid, c.relowner, 'USAGE')
          FROM pg_roles r, pg_class c WHERE r.rolname = ${login} AND c.oid = to_regclass('customer')`,
    ) === 1
  );
}

/** The store's two group roles (their names carry the database's: roles are cluster-wide). */
export function groupRoles(db: Db): Record<StaffRole, string> {
  return {
    clerk: db.value<string>(sql`SELECT huifang_group_role('clerk')`) ?? '',
    supervisor: db.value<string>(sql`SELECT huifang_group_role('supervisor')`) ?? '',
  };
}

/**
 * Create the group roles when missing and grant them their tables (idempotent); false when they do
 * not exist and this login may not create roles (no CREATEROLE).
 */
export function setupGroupRoles(db: Db): boolean {
  return db.value<number>(sql`SELECT huifang_setup_group_roles()`) === 1;
}

function isMember(db: Db, login: string, group: string): boolean {
  return (
    db.value<number>(
      sql`SELECT count(*) FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
          WHERE g.rolname = ${group} AND u.rolname = ${login}`,
    ) !== 0
  );
}

/** Make the login a member of the group role of `role` and of no other of this store's (GRANT is transactional). */
export function grantStaffRole(db: Db, login: string, role: StaffRole): void {
  const groups = groupRoles(db);
  for (const [kind, group] of Object.entries(groups) as [StaffRole, string][]) {
    // Only what changes: REVOKE of a membership that is not there makes the server print a warning.
    const member = isMember(db, login, group);
    if (kind === role && !member) db.run(sql`GRANT ${sql.id(group)} TO ${sql.id(login)}`);
    if (kind !== role && member) db.run(sql`REVOKE ${sql.id(group)} FROM ${sql.id(login)}`);
  }
}

/** Take both of this store's group roles from a login (it no longer belongs to a staff member). */
export function revokeStaffRoles(db: Db, login: string): void {
  if (loginState(db, login) === 'missing') return;
  for (const group of Object.values(groupRoles(db))) {
    if (isMember(db, login, group)) db.run(sql`REVOKE ${sql.id(group)} FROM ${sql.id(login)}`);
  }
}

/**
 * Whether the session's login owns the store: the login that ran init (or a member of its role), or
 * one the server lets past row-level security (superuser, BYPASSRLS). Only it may import, change the
 * policy, the calendar or staff. Always true on a file store.
 */
export function isStoreOwner(db: Db): boolean {
  if (db.dialect === 'sqlite') return true;
  return (
    db.value<number>(
      sql`SELECT (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user)
              OR pg_has_role(current_user, c.relowner, 'USAGE')
          FROM pg_class c WHERE c.oid = to_regclass('customer')`,
    ) === 1
  );
}

/**
 * Whether the session sees every customer: the store owner, or a login in the store's supervisor
 * group role. Work that must cover the whole store (the monthly horizon move) runs only then: a
 * clerk's re-plan of the customers she sees would otherwise mark everyone's plan as moved.
 */
export function seesWholeStore(db: Db): boolean {
  if (isStoreOwner(db)) return true;
  return (
    db.value<number>(
      sql`SELECT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = huifang_group_role('supervisor') AND pg_has_role(current_user, r.oid, 'USAGE'))`,
    ) === 1
  );
}

/** The session's login, as the server knows it (PostgreSQL only). */
export function currentLogin(db: Db): string {
  return db.value<string>(sql`SELECT current_user::text`) ?? '';
}

/**
 * The staff name of the session's login on a team store (staff.login = current_user); undefined on a
 * file store or for a login on no staff row.
 */
export function loginStaffName(db: Db): string | undefined {
  if (db.dialect === 'sqlite') return undefined;
  return db.value<string>(sql`SELECT name FROM staff WHERE login = current_user::text`) ?? undefined;
}
