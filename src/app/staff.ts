// Staff use cases: who a list is for (`due --staff`), and setting a member's role, daily capacity and database login.
import { InputError, StoreError } from '../errors.js';
import { inWriteTransaction, type Db } from '../store/db.js';
import { currentLogin, grantStaffRole, groupRoles, isStoreOwner, loginSeesAllAnyway, loginState, revokeStaffRoles, setupGroupRoles } from '../store/pg-roles.js';
import type { StaffRow } from '../store/rows.js';
import { StaffRepo, staffByLogin, staffByName, staffNames, type StaffMember } from '../store/staff.js';
import { updateStaff } from '../store/staff.js';

/** A known staff member, or an InputError naming those there are. */
export function requireStaff(db: Db, name: string): { name: string; supervisor: boolean; capacity: number | null } {
  const row = staffByName(db, name);
  if (!row) throw new InputError('staff.unknown', { name, known: staffNames(db).join(', ') || '—' });
  return { name: row.name, supervisor: row.role === 'supervisor', capacity: row.daily_capacity };
}

/**
 * Only the store owner (the login that ran init) may import, change the policy, the calendar or
 * staff (SPEC §6); the server refuses the writes anyway, this says so before anything is read.
 */
export function requireStoreOwner(db: Db): void {
  if (!isStoreOwner(db)) throw new StoreError('roles.ownerOnly', { login: currentLogin(db), path: db.name });
}

export interface StaffChange {
  role?: StaffRow['role'];
  /** null removes the cap. */
  daily_capacity?: number | null;
  /** The member's database login; null removes it (and, on PostgreSQL, her role's grant). */
  login?: string | null;
}

/** What setStaff did: the member as saved, and whether the server now enforces her role (PostgreSQL). */
export interface StaffSaved {
  member: StaffMember;
  enforced: boolean;
}

/**
 * Create the member if new; set what is given. On PostgreSQL her login is granted the store's
 * group role of her role (and loses the other), all in the one transaction with the staff row.
 */
export function setStaff(db: Db, name: string, change: StaffChange): StaffSaved {
  const server = db.dialect === 'postgres';
  if (server) requireStoreOwner(db);
  return inWriteTransaction(db, () => {
    if (change.login) {
      if (server) {
        const state = loginState(db, change.login);
        if (state !== 'login') throw new InputError(state === 'missing' ? 'staff.loginMissing' : 'staff.loginCannotLogIn', { login: change.login, path: db.name });
        if (loginSeesAllAnyway(db, change.login)) throw new InputError('staff.loginSeesAllAnyway', { login: change.login, path: db.name });
      }
      const holder = staffByLogin(db, change.login);
      if (holder && holder.name !== name) throw new InputError('staff.loginTaken', { login: change.login, name: holder.name });
    }
    const before = staffByName(db, name);
    new StaffRepo(db).ensure(name);
    updateStaff(db, name, change);
    const member = staffByName(db, name) as StaffMember;
    if (!server) return { member, enforced: false };
    if (before?.login && before.login !== member.login) revokeStaffRoles(db, before.login);
    if (member.login) {
      if (!setupGroupRoles(db)) {
        const groups = groupRoles(db);
        throw new StoreError('roles.cannotCreate', { clerk: groups.clerk, supervisor: groups.supervisor, login: currentLogin(db), path: db.name });
      }
      grantStaffRole(db, member.login, member.role);
    }
    return { member, enforced: member.login !== null };
  });
}
