// Events (deliveries, orders, complaints…): idempotent upsert by ref, or by the whole row without one.
import type { Db } from './db.js';
import type { EventRow } from './rows.js';
import type { WriteOutcome } from './customers.js';

/** Row types live in rows.ts; re-exported where callers have always found them. */
export type { EventRow } from './rows.js';

export type EventInput = Omit<EventRow, 'id' | 'natural_key'> & {
  /** Used in the natural key so that the same row means the same event in any store. */
  customer_code: string;
};

const SEP = '\u001f';

/**
 * An external ref identifies the event (re-importing a corrected row updates it); without one the
 * whole row is the identity, so the same row imported twice is one event.
 */
export function eventNaturalKey(e: EventInput): string {
  if (e.ref) return ['ref', e.type, e.ref].join(SEP);
  return ['row', e.customer_code, e.type, e.occurred_on, e.occurred_time ?? '', e.amount ?? '', e.note ?? ''].join(SEP);
}

export class EventRepo {
  private readonly byKey;
  private readonly insertStmt;
  private readonly updateStmt;

  constructor(db: Db) {
    this.byKey = db.prepare('SELECT * FROM event WHERE natural_key = ?');
    this.insertStmt = db.prepare(
      `INSERT INTO event (customer_id, type, occurred_on, occurred_time, amount, ref, note, natural_key)
       VALUES (@customer_id, @type, @occurred_on, @occurred_time, @amount, @ref, @note, @natural_key)`,
    );
    this.updateStmt = db.prepare(
      `UPDATE event SET customer_id = @customer_id, occurred_on = @occurred_on, occurred_time = @occurred_time,
         amount = @amount, note = @note WHERE id = @id`,
    );
  }

  upsert(input: EventInput): { outcome: WriteOutcome; id: number } {
    const natural_key = eventNaturalKey(input);
    const existing = this.byKey.get(natural_key) as EventRow | undefined;
    const row = {
      customer_id: input.customer_id,
      type: input.type,
      occurred_on: input.occurred_on,
      occurred_time: input.occurred_time,
      amount: input.amount,
      ref: input.ref,
      note: input.note,
      natural_key,
    };
    if (!existing) return { outcome: 'inserted', id: Number(this.insertStmt.run(row).lastInsertRowid) };
    const same =
      existing.customer_id === row.customer_id &&
      existing.occurred_on === row.occurred_on &&
      existing.occurred_time === row.occurred_time &&
      existing.amount === row.amount &&
      existing.note === row.note;
    if (same) return { outcome: 'unchanged', id: existing.id };
    this.updateStmt.run({ ...row, id: existing.id });
    return { outcome: 'updated', id: existing.id };
  }
}

export function eventsOf(db: Db, customerId: number): EventRow[] {
  return db
    .prepare('SELECT * FROM event WHERE customer_id = ? ORDER BY occurred_on, occurred_time, id')
    .all(customerId) as EventRow[];
}
