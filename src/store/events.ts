// Events (deliveries, orders, complaints…): idempotent upsert by ref, or by the whole row without one.
import type { Db } from './db.js';
import type { EventRow } from './rows.js';
import type { WriteOutcome } from './customers.js';
import { sql, statement } from './sql.js';

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

const eventByKeyStmt = statement<{ natural_key: string }, EventRow>((p) => sql`SELECT * FROM event WHERE natural_key = ${p.natural_key}`);
type EventValues = Omit<EventRow, 'id'>;
const insertEventStmt = statement<EventValues>(
  (p) => sql`INSERT INTO event (customer_id, type, occurred_on, occurred_time, amount, ref, note, natural_key)
       VALUES (${p.customer_id}, ${p.type}, ${p.occurred_on}, ${p.occurred_time}, ${p.amount}, ${p.ref}, ${p.note}, ${p.natural_key}) RETURNING id`,
);
const updateEventStmt = statement<Omit<EventValues, 'type' | 'ref' | 'natural_key'> & { id: number }>(
  (p) => sql`UPDATE event SET customer_id = ${p.customer_id}, occurred_on = ${p.occurred_on}, occurred_time = ${p.occurred_time},
         amount = ${p.amount}, note = ${p.note} WHERE id = ${p.id}`,
);

export class EventRepo {
  constructor(private readonly db: Db) {}

  upsert(input: EventInput): { outcome: WriteOutcome; id: number } {
    const natural_key = eventNaturalKey(input);
    const existing = this.db.get(eventByKeyStmt.bind({ natural_key }));
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
    if (!existing) return { outcome: 'inserted', id: this.db.value<number>(insertEventStmt.bind(row)) as number };
    const same =
      existing.customer_id === row.customer_id &&
      existing.occurred_on === row.occurred_on &&
      existing.occurred_time === row.occurred_time &&
      existing.amount === row.amount &&
      existing.note === row.note;
    if (same) return { outcome: 'unchanged', id: existing.id };
    const { type: _type, ref: _ref, natural_key: _key, ...changed } = row;
    this.db.run(updateEventStmt.bind({ ...changed, id: existing.id }));
    return { outcome: 'updated', id: existing.id };
  }
}

export function eventsOf(db: Db, customerId: number): EventRow[] {
  // NULLS FIRST is SQLite's order for ascending keys; PostgreSQL's default puts them last.
  return db.all<EventRow>(sql`SELECT * FROM event WHERE customer_id = ${customerId} ORDER BY occurred_on, occurred_time NULLS FIRST, id`);
}
