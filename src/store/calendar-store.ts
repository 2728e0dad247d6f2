// Working-day overrides imported by the user (调休 days and holidays the calendar package lacks).
import type { Db } from './db.js';
import type { CalendarOverrideRow } from './rows.js';
import type { WriteOutcome } from './customers.js';
import { sql, statement } from './sql.js';

/** Row types live in rows.ts; re-exported where callers have always found them. */
export type { CalendarOverrideRow } from './rows.js';

// An import runs these once per row: compiled once.
const byDate = statement<{ date: string }, CalendarOverrideRow>((p) => sql`SELECT * FROM calendar_override WHERE date = ${p.date}`);
const upsertRow = statement<{ date: string; kind: string; name: string | null }>(
  (p) => sql`INSERT INTO calendar_override (date, kind, name) VALUES (${p.date}, ${p.kind}, ${p.name})
     ON CONFLICT (date) DO UPDATE SET kind = excluded.kind, name = excluded.name`,
);

export class CalendarRepo {
  constructor(private readonly db: Db) {}

  upsert(row: CalendarOverrideRow): WriteOutcome {
    const existing = this.db.get(byDate.bind({ date: row.date }));
    if (existing && existing.kind === row.kind && existing.name === row.name) return 'unchanged';
    this.db.run(upsertRow.bind({ date: row.date, kind: row.kind, name: row.name }));
    return existing ? 'updated' : 'inserted';
  }

  all(): CalendarOverrideRow[] {
    return this.db.all<CalendarOverrideRow>(sql`SELECT * FROM calendar_override ORDER BY date`);
  }
}
