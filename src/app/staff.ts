// Staff use cases: who a list is for (`due --staff`), and setting a member's role and daily capacity.
import { InputError } from '../errors.js';
import { inWriteTransaction, type Db } from '../store/db.js';
import type { StaffRow } from '../store/rows.js';
import { StaffRepo, staffByName, staffNames, updateStaff } from '../store/staff.js';

/** A known staff member, or an InputError naming those there are. */
export function requireStaff(db: Db, name: string): { name: string; supervisor: boolean; capacity: number | null } {
  const row = staffByName(db, name);
  if (!row) throw new InputError('staff.unknown', { name, known: staffNames(db).join(', ') || '—' });
  return { name: row.name, supervisor: row.role === 'supervisor', capacity: row.daily_capacity };
}

/** Create the member if new; set what is given (a null capacity removes the cap). */
export function setStaff(db: Db, name: string, change: { role?: StaffRow['role']; daily_capacity?: number | null }): void {
  inWriteTransaction(db, () => {
    new StaffRepo(db).ensure(name);
    updateStaff(db, name, change);
  });
}
