// Events (deliveries, orders, complaints…): idempotent upsert by ref, or by the whole row without one.
import type { Db } from './db.js';
import type { EventRow } from './rows.js';
import type { WriteOutcome } from './customers.js';
import type { RawBuilder } from 'kysely';
import { insertRow, pgArray, ReservedIds, RowBatch } from './row-batch.js';
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
const insertEvent = (returning: RawBuilder<unknown>) =>
  statement<EventValues>(
    (p) => sql`INSERT INTO event (customer_id, type, occurred_on, occurred_time, amount, ref, note, natural_key)
       VALUES (${p.customer_id}, ${p.type}, ${p.occurred_on}, ${p.occurred_time}, ${p.amount}, ${p.ref}, ${p.note}, ${p.natural_key})${returning}`,
  );
const insertEventStmt = insertEvent(sql``);
const insertEventIdStmt = insertEvent(sql` RETURNING id`);
const updateEventStmt = statement<Omit<EventValues, 'type' | 'ref' | 'natural_key'> & { id: number }>(
  (p) => sql`UPDATE event SET customer_id = ${p.customer_id}, occurred_on = ${p.occurred_on}, occurred_time = ${p.occurred_time},
         amount = ${p.amount}, note = ${p.note} WHERE id = ${p.id}`,
);

/** How many events a PostgreSQL import writes in one statement. */
const EVENT_BATCH_ROWS = 2000;
const EVENT_COLUMNS = {
  id: 'integer',
  customer_id: 'integer',
  type: 'text',
  occurred_on: 'text',
  occurred_time: 'text',
  amount: 'double precision',
  ref: 'text',
  note: 'text',
  natural_key: 'text',
} as const;

export class EventRepo {
  /**
   * PostgreSQL imports only: the events the next rows name are read ahead (`prefetch`), new ones get
   * reserved ids and are written in multi-row statements. undefined otherwise.
   */
  private readonly batch: { known: Map<string, EventRow | null>; ids: ReservedIds; rows: RowBatch<EventRow> } | undefined;

  constructor(
    private readonly db: Db,
    options: { batch?: boolean } = {},
  ) {
    this.batch =
      options.batch && db.dialect === 'postgres'
        ? { known: new Map(), ids: new ReservedIds(db, 'event'), rows: new RowBatch<EventRow>(db, 'event', EVENT_COLUMNS, EVENT_BATCH_ROWS) }
        : undefined;
  }

  /** PostgreSQL imports: read the stored events of these rows in one statement, and reserve ids for the new ones. */
  prefetch(events: readonly EventInput[]): void {
    const b = this.batch;
    if (!b) return;
    const keys = [...new Set(events.map(eventNaturalKey))].filter((k) => !b.known.has(k));
    if (keys.length === 0) return;
    for (const k of keys) b.known.set(k, null);
    for (const row of this.db.all<EventRow>(sql`SELECT * FROM event WHERE natural_key = ANY(${pgArray(keys)}::text[])`)) b.known.set(row.natural_key, row);
    b.ids.reserve(keys.filter((k) => b.known.get(k) === null).length);
  }

  /** Write the events held back (before anything reads the table, and before the commit). */
  flush(): void {
    this.batch?.rows.flush();
    this.batch?.known.clear(); // the table has them now; an import's memory stays flat
  }

  upsert(input: EventInput): { outcome: WriteOutcome; id: number } {
    const natural_key = eventNaturalKey(input);
    const b = this.batch;
    const held = b?.known.has(natural_key);
    const existing = held ? (b?.known.get(natural_key) ?? undefined) : this.db.get(eventByKeyStmt.bind({ natural_key }));
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
    if (!existing) {
      if (b && held) {
        const inserted = { id: b.ids.next(), ...row };
        b.rows.add(inserted);
        if (b.rows.full) b.rows.flush();
        b.known.set(natural_key, inserted);
        return { outcome: 'inserted', id: inserted.id };
      }
      b?.rows.flush();
      return { outcome: 'inserted', id: insertRow(this.db, insertEventStmt, insertEventIdStmt, row) as number };
    }
    const same =
      existing.customer_id === row.customer_id &&
      existing.occurred_on === row.occurred_on &&
      existing.occurred_time === row.occurred_time &&
      existing.amount === row.amount &&
      existing.note === row.note;
    if (same) return { outcome: 'unchanged', id: existing.id };
    const { type: _type, ref: _ref, natural_key: _key, ...changed } = row;
    b?.rows.flush();
    this.db.run(updateEventStmt.bind({ ...changed, id: existing.id }));
    if (held) Object.assign(existing, changed);
    return { outcome: 'updated', id: existing.id };
  }
}

export function eventsOf(db: Db, customerId: number): EventRow[] {
  // NULLS FIRST is SQLite's order for ascending keys; PostgreSQL's default puts them last.
  return db.all<EventRow>(sql`SELECT * FROM event WHERE customer_id = ${customerId} ORDER BY occurred_on, occurred_time NULLS FIRST, id`);
}
