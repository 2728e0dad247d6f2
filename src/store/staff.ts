// Staff rows: created on first mention (a customer's owner, a visit's clerk), roles and logins set explicitly.
import type { Db } from './db.js';
import type { StaffRow } from './rows.js';
import { sql, statement } from './sql.js';

/** Row types live in rows.ts; re-exported where callers have always found them. */
export type { StaffRow } from './rows.js';

/** A staff row with its database login (team mode, migration 4); null when none is recorded. */
export type StaffMember = StaffRow & { login: string | null };

const existsStmt = statement<{ name: string }>((p) => sql`SELECT 1 AS found FROM staff WHERE name = ${p.name}`);
const insertStmt = statement<{ name: string }>((p) => sql`INSERT INTO staff (name) VALUES (${p.name}) ON CONFLICT (name) DO NOTHING`);

export class StaffRepo {
  /** Names already ensured by this repo: imports mention the same few clerks on every row. */
  private readonly known = new Set<string>();
  constructor(private readonly db: Db) {}

  /** Make sure a staff member exists (as a clerk unless already known). */
  ensure(name: string | null | undefined): void {
    if (!name || this.known.has(name)) return;
    // Looked up first: on a team store a clerk's login may read staff but not insert into it, and
    // her own name (a customer's owner, a visit's clerk) is always there already.
    if (this.db.get(existsStmt.bind({ name })) === undefined) this.db.run(insertStmt.bind({ name }));
    this.known.add(name);
  }

  list(): StaffMember[] {
    return this.db.all<StaffMember>(sql`SELECT id, name, role, daily_capacity, login FROM staff ORDER BY name`);
  }
}

export function staffByName(db: Db, name: string): StaffMember | undefined {
  return db.get<StaffMember>(sql`SELECT id, name, role, daily_capacity, login FROM staff WHERE name = ${name}`);
}

/** The staff member whose database login this is, if any. */
export function staffByLogin(db: Db, login: string): StaffMember | undefined {
  return db.get<StaffMember>(sql`SELECT id, name, role, daily_capacity, login FROM staff WHERE login = ${login}`);
}

export function staffNames(db: Db): string[] {
  return db.values<string>(sql`SELECT name FROM staff ORDER BY name`);
}

/** Change what is given; undefined leaves a field as it is, a null capacity removes the cap, a null login the login. */
export function updateStaff(
  db: Db,
  name: string,
  change: { role?: StaffRow['role']; daily_capacity?: number | null; login?: string | null },
): void {
  if (change.role) db.run(sql`UPDATE staff SET role = ${change.role} WHERE name = ${name}`);
  if (change.daily_capacity !== undefined) db.run(sql`UPDATE staff SET daily_capacity = ${change.daily_capacity} WHERE name = ${name}`);
  if (change.login !== undefined) db.run(sql`UPDATE staff SET login = ${change.login} WHERE name = ${name}`);
}
