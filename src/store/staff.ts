// Staff rows: created on first mention (a customer's owner, a visit's clerk), roles set explicitly.
import type { Db } from './db.js';
import type { StaffRow } from './rows.js';

/** Row types live in rows.ts; re-exported where callers have always found them. */
export type { StaffRow } from './rows.js';

export class StaffRepo {
  private readonly ensureStmt;
  /** Names already ensured by this repo: imports mention the same few clerks on every row. */
  private readonly known = new Set<string>();
  constructor(private readonly db: Db) {
    this.ensureStmt = db.prepare('INSERT INTO staff (name) VALUES (?) ON CONFLICT (name) DO NOTHING');
  }

  /** Make sure a staff member exists (as a clerk unless already known). */
  ensure(name: string | null | undefined): void {
    if (!name || this.known.has(name)) return;
    this.ensureStmt.run(name);
    this.known.add(name);
  }

  list(): StaffRow[] {
    return this.db.prepare('SELECT * FROM staff ORDER BY name').all() as StaffRow[];
  }
}

export function staffByName(db: Db, name: string): StaffRow | undefined {
  return db.prepare('SELECT * FROM staff WHERE name = ?').get(name) as StaffRow | undefined;
}

export function staffNames(db: Db): string[] {
  return db.prepare('SELECT name FROM staff ORDER BY name').pluck().all() as string[];
}

/** Change what is given; undefined leaves a field as it is, a null capacity removes the cap. */
export function updateStaff(db: Db, name: string, change: { role?: StaffRow['role']; daily_capacity?: number | null }): void {
  if (change.role) db.prepare('UPDATE staff SET role = ? WHERE name = ?').run(change.role, name);
  if (change.daily_capacity !== undefined) db.prepare('UPDATE staff SET daily_capacity = ? WHERE name = ?').run(change.daily_capacity, name);
}
