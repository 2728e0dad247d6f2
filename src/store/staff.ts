// Staff rows: created on first mention (a customer's owner, a visit's clerk), roles set explicitly.
import type { Db } from './db.js';

export interface StaffRow {
  id: number;
  name: string;
  role: 'clerk' | 'supervisor';
  daily_capacity: number | null;
}

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
