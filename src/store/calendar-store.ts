// Working-day overrides imported by the user (调休 days and holidays the calendar package lacks).
import type { Db } from './db.js';
import type { CalendarOverrideRow } from './rows.js';
import type { WriteOutcome } from './customers.js';

/** Row types live in rows.ts; re-exported where callers have always found them. */
export type { CalendarOverrideRow } from './rows.js';

export class CalendarRepo {
  private readonly byDate;
  private readonly upsertStmt;

  constructor(private readonly db: Db) {
    this.byDate = db.prepare('SELECT * FROM calendar_override WHERE date = ?');
    this.upsertStmt = db.prepare(
      `INSERT INTO calendar_override (date, kind, name) VALUES (@date, @kind, @name)
       ON CONFLICT (date) DO UPDATE SET kind = excluded.kind, name = excluded.name`,
    );
  }

  upsert(row: CalendarOverrideRow): WriteOutcome {
    const existing = this.byDate.get(row.date) as CalendarOverrideRow | undefined;
    if (existing && existing.kind === row.kind && existing.name === row.name) return 'unchanged';
    this.upsertStmt.run(row);
    return existing ? 'updated' : 'inserted';
  }

  all(): CalendarOverrideRow[] {
    return this.db.prepare('SELECT * FROM calendar_override ORDER BY date').all() as CalendarOverrideRow[];
  }
}
