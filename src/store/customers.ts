// Customers and their contacts: upsert by business key, lookups, listing.
import { contactToDial } from '../domain/contact-to-dial.js';
import { normalizeCode } from '../domain/customer-code.js';
import type { IsoDate } from '../domain/dates.js';
import type { Policy } from '../domain/policy.js';
import { decideTier } from '../domain/tier.js';
import type { CustomerStatus } from '../domain/vocabulary.js';
import type { Db } from './db.js';
import type { ContactRow, CustomerRow } from './rows.js';
import { groupByCustomer } from './group-by-customer.js';
import { insertRow, pgArray, ReservedIds, RowBatch, type ColumnType } from './row-batch.js';
import { sql, statement, type Dialect } from './sql.js';
import type { RawBuilder } from 'kysely';
import { StaffRepo } from './staff.js';

/** Row types live in rows.ts; re-exported where callers have always found them. */
export type { ContactRow, CustomerRow } from './rows.js';

/**
 * What an import row or `customer add/set` says about a customer. A field left undefined was not
 * given (the column is absent, the option not used) and keeps its stored value; null clears it.
 */
export interface CustomerInput {
  code: string;
  name?: string;
  tier?: string | null;
  annual_purchase?: number | null;
  industry?: string | null;
  owner?: string | null;
  since?: IsoDate | null;
  birthday?: string | null;
  tags?: string[] | null;
  status?: CustomerStatus | null;
  notes?: string | null;
  /** The primary contact named on the customer row (customers.csv 联系人/电话). */
  contact?: { name: string | null; phone: string | null; role?: string | null };
}

export interface ContactInput {
  name: string;
  role?: string | null;
  phone?: string | null;
  primary?: boolean | null;
}

export type WriteOutcome = 'inserted' | 'updated' | 'unchanged';

const CUSTOMER_COLUMNS = [
  'name',
  'tier',
  'tier_source',
  'annual_purchase',
  'industry',
  'owner',
  'since',
  'birthday',
  'tags',
  'status',
  'notes',
] as const;
type CustomerColumn = (typeof CUSTOMER_COLUMNS)[number];
const CUSTOMER_COLUMN_TYPES: { [K in CustomerColumn]: ColumnType } = {
  name: 'text',
  tier: 'text',
  tier_source: 'text',
  annual_purchase: 'double precision',
  industry: 'text',
  owner: 'text',
  since: 'text',
  birthday: 'text',
  tags: 'text',
  status: 'text',
  notes: 'text',
};

/**
 * The stored row a typed code names. Codes are stored normalised (SPEC §4), so the normalised form is
 * looked up first; a store written before codes were normalised may hold one as typed, tried second.
 */
function byTypedCode<T>(get: (code: string) => unknown, code: string): T | undefined {
  const key = normalizeCode(code);
  return (get(key) ?? (key === code ? undefined : get(code))) as T | undefined;
}

// The statements an import runs once per row: compiled once per dialect (store/sql.ts).
const customerByCodeStmt = statement<{ code: string }, CustomerRow>((p) => sql`SELECT * FROM customer WHERE code = ${p.code}`);
const keyByCodeStmt = statement<{ code: string }, { id: number; code: string }>((p) => sql`SELECT id, code FROM customer WHERE code = ${p.code}`);
const customerColumns = sql.join(CUSTOMER_COLUMNS.map((c) => sql.ref(c)));
type CustomerValues = { [K in CustomerColumn]: CustomerRow[K] };
const insertCustomer = (returning: RawBuilder<unknown>) =>
  statement<CustomerValues & { code: string; created_on: string }>(
    (p) => sql`INSERT INTO customer (code, ${customerColumns}, created_on)
       VALUES (${p.code}, ${sql.join(CUSTOMER_COLUMNS.map((c) => p[c]))}, ${p.created_on})${returning}`,
  );
const insertCustomerStmt = insertCustomer(sql``);
const insertCustomerIdStmt = insertCustomer(sql` RETURNING id`);
const updateCustomerStmt = statement<CustomerValues & { id: number }>(
  (p) => sql`UPDATE customer SET ${sql.join(CUSTOMER_COLUMNS.map((c) => sql`${sql.ref(c)} = ${p[c]}`))} WHERE id = ${p.id}`,
);
const contactByNameStmt = statement<{ customer_id: number; name: string }, ContactRow>(
  (p) => sql`SELECT * FROM contact WHERE customer_id = ${p.customer_id} AND name = ${p.name}`,
);
const insertContact = (returning: RawBuilder<unknown>) =>
  statement<{ customer_id: number; name: string; role: string | null; phone: string | null; is_primary: number }>(
    (p) => sql`INSERT INTO contact (customer_id, name, role, phone, is_primary) VALUES (${p.customer_id}, ${p.name}, ${p.role}, ${p.phone}, ${p.is_primary})${returning}`,
  );
const insertContactStmt = insertContact(sql``);
const insertContactIdStmt = insertContact(sql` RETURNING id`);
const updateContactStmt = statement<{ id: number; role: string | null; phone: string | null; is_primary: number; needs_correction: number }>(
  (p) => sql`UPDATE contact SET role = ${p.role}, phone = ${p.phone}, is_primary = ${p.is_primary}, needs_correction = ${p.needs_correction} WHERE id = ${p.id}`,
);
const clearOtherPrimariesStmt = statement<{ customer_id: number; id: number }>(
  (p) => sql`UPDATE contact SET is_primary = 0 WHERE customer_id = ${p.customer_id} AND id <> ${p.id} AND is_primary = 1`,
);

/** A customer by a code as the user typed it (any case, full-width or not). */
export function customerByCode(db: Db, code: string): CustomerRow | undefined {
  return byTypedCode<CustomerRow>((c) => db.get(customerByCodeStmt.bind({ code: c })), code);
}

/** Rows of one import held back to be written many at a time (PostgreSQL; see CustomerRepo's `batch`). */
const CUSTOMER_BATCH_ROWS = 2000;
const CONTACT_BATCH_ROWS = 2000;

export class CustomerRepo {
  private readonly staff: StaffRepo;
  private readonly keys = new Map<string, { id: number; code: string }>();
  /**
   * PostgreSQL imports only: rows read ahead (`prefetch`) and written many per statement, so an
   * import costs a few round trips per chunk of rows instead of several per row. undefined otherwise.
   */
  private readonly batch: ImportBatch | undefined;

  constructor(
    private readonly db: Db,
    private readonly policy: Policy,
    private readonly today: IsoDate,
    options: { batch?: boolean } = {},
  ) {
    this.staff = new StaffRepo(db);
    // SQLite answers a compiled statement in microseconds, in-process: batching would only add code paths.
    this.batch = options.batch && db.dialect === 'postgres' ? new ImportBatch(db) : undefined;
  }

  find(code: string): CustomerRow | undefined {
    return byTypedCode<CustomerRow>((c) => this.byCode(c), code);
  }

  private byCode(code: string): CustomerRow | undefined {
    const b = this.batch;
    if (b?.customers.has(code)) return b.customers.get(code) ?? undefined;
    const row = this.db.get(customerByCodeStmt.bind({ code }));
    b?.customers.set(code, row ?? null);
    return row;
  }

  /**
   * Id and stored code of the customer a typed code names, remembered: event and visit imports look
   * up the same customers over and over, and key their rows by the stored code.
   */
  resolve(code: string): { id: number; code: string } | undefined {
    let key = this.keys.get(code);
    if (key === undefined) {
      const b = this.batch;
      key = byTypedCode<{ id: number; code: string }>(
        (c) => (b?.customers.has(c) ? (b.customers.get(c) ?? undefined) : this.db.get(keyByCodeStmt.bind({ code: c }))),
        code,
      );
      if (key !== undefined) this.keys.set(code, { id: key.id, code: key.code });
    }
    return key;
  }

  /**
   * PostgreSQL imports: read the customers (and their contacts) that the next rows name in one
   * statement each, and reserve the ids of the ones to be inserted, so that writing those rows needs
   * no round trip per row. Harmless elsewhere.
   */
  prefetch(typedCodes: readonly string[], options: { inserting: boolean; contacts?: boolean }): void {
    const b = this.batch;
    if (!b) return;
    const wanted = new Set<string>();
    for (const typed of typedCodes) {
      // A code resolved before needs no reading again where only its id is wanted (events, visits).
      if (!options.inserting && !options.contacts && this.keys.has(typed)) continue;
      for (const c of [normalizeCode(typed), typed]) if (!b.customers.has(c)) wanted.add(c);
    }
    if (wanted.size > 0) {
      const codes = [...wanted];
      for (const c of codes) b.customers.set(c, null);
      // One array value (PostgreSQL only here): the statement is the same for any number of codes.
      const found = this.db.all<CustomerRow>(sql`SELECT * FROM customer WHERE code = ANY(${pgArray(codes)}::text[])`);
      for (const row of found) b.customers.set(row.code, row);
      const ids = found.map((r) => r.id).filter((id) => !b.contacts.has(id));
      if (ids.length > 0) {
        for (const id of ids) b.contacts.set(id, []);
        const contacts = this.db.all<ContactRow>(sql`SELECT * FROM contact WHERE customer_id = ANY(${pgArray(ids)}::integer[]) ORDER BY id`);
        for (const k of contacts) b.contacts.get(k.customer_id)?.push(k);
      }
    }
    if (options.inserting) {
      // Every code that names no customer becomes one (if its row is good): its id is reserved now.
      const fresh = new Set(typedCodes.filter((t) => this.find(t) === undefined).map(normalizeCode));
      b.reserveCustomerIds(fresh.size);
    }
  }

  /**
   * Write what is held back (before anything reads the tables, and before the commit), and forget
   * the rows read ahead: the tables have them now, and an import's memory stays flat.
   */
  flush(): void {
    const b = this.batch;
    if (!b) return;
    b.flush();
    b.customers.clear();
    b.contacts.clear();
  }

  /** Insert or update by code; writes nothing when the row would not change (re-imports are no-ops). */
  upsert(input: CustomerInput): { outcome: WriteOutcome; id: number } {
    const existing = this.find(input.code);
    const pick = <K extends CustomerColumn>(key: K, given: CustomerRow[K] | undefined, fallback: CustomerRow[K]) =>
      given !== undefined ? given : existing ? existing[key] : fallback;

    const tier = decideTier(
      input.tier,
      input.annual_purchase,
      existing ? { tier: existing.tier, source: existing.tier_source } : undefined,
      this.policy,
    );
    const next: CustomerValues = {
      name: input.name ?? existing?.name ?? input.code,
      tier: tier.tier,
      tier_source: tier.source,
      annual_purchase: pick('annual_purchase', input.annual_purchase, null),
      industry: pick('industry', input.industry, null),
      owner: pick('owner', input.owner, null),
      since: pick('since', input.since, null),
      birthday: pick('birthday', input.birthday, null),
      tags: input.tags !== undefined ? (input.tags ?? []).join(',') : (existing?.tags ?? ''),
      status: input.status ?? existing?.status ?? 'active',
      notes: pick('notes', input.notes, null),
    };
    this.staff.ensure(next.owner);

    let outcome: WriteOutcome;
    let id: number;
    const b = this.batch;
    if (!existing) {
      const row = { code: normalizeCode(input.code), ...next, created_on: this.today };
      if (b) {
        id = b.nextCustomerId();
        b.insertCustomer({ id, ...row });
      } else {
        id = insertRow(this.db, insertCustomerStmt, insertCustomerIdStmt, row) as number;
      }
      outcome = 'inserted';
    } else {
      id = existing.id;
      const changed = CUSTOMER_COLUMNS.some((c) => existing[c] !== next[c]);
      if (changed) {
        b?.flush();
        this.db.run(updateCustomerStmt.bind({ id, ...next }));
        if (b) Object.assign(existing, next);
      }
      outcome = changed ? 'updated' : 'unchanged';
    }

    const contact = input.contact;
    if (contact && (contact.name || contact.phone)) {
      // A phone without a contact name is the customer's own line: name the contact after the customer.
      const c = this.upsertContact(id, {
        name: contact.name ?? next.name,
        phone: contact.phone,
        role: contact.role,
        primary: true,
      });
      if (outcome === 'unchanged' && c !== 'unchanged') outcome = 'updated';
    }
    return { outcome, id };
  }

  /**
   * Insert or update a contact by (customer, name); making one primary unmarks the others. A new
   * phone is the correction of a number flagged wrong (SPEC §3.4): the flag goes, the contact is
   * dialled again. The same phone written again (a re-import) leaves the flag.
   */
  upsertContact(customerId: number, input: ContactInput): WriteOutcome {
    const b = this.batch;
    const held = b?.contacts.get(customerId);
    const existing = held ? held.find((k) => k.name === input.name) : this.db.get(contactByNameStmt.bind({ customer_id: customerId, name: input.name }));
    const phone = input.phone !== undefined ? input.phone : (existing?.phone ?? null);
    const next = {
      role: input.role !== undefined ? input.role : (existing?.role ?? null),
      phone,
      is_primary: (input.primary !== undefined && input.primary !== null ? (input.primary ? 1 : 0) : (existing?.is_primary ?? 0)) as 0 | 1,
      needs_correction: (existing?.needs_correction === 1 && existing.phone === phone ? 1 : 0) as 0 | 1,
    };
    let outcome: WriteOutcome = 'unchanged';
    if (b && held) {
      // Held contacts are all of this customer's: what the statements would change is known here.
      const row = existing ?? { id: 0, customer_id: customerId, name: input.name, ...next };
      if (!existing) {
        held.push(row);
        b.insertContact({ customer_id: customerId, name: input.name, role: next.role, phone: next.phone, is_primary: next.is_primary });
        outcome = 'inserted';
      } else if (existing.role !== next.role || existing.phone !== next.phone || existing.is_primary !== next.is_primary || existing.needs_correction !== next.needs_correction) {
        b.flush();
        // By name, unique per customer: a contact inserted by this import has no id here.
        this.db.run(
          sql`UPDATE contact SET role = ${next.role}, phone = ${next.phone}, is_primary = ${next.is_primary}, needs_correction = ${next.needs_correction}
              WHERE customer_id = ${customerId} AND name = ${input.name}`,
        );
        Object.assign(existing, next);
        outcome = 'updated';
      }
      const others = next.is_primary === 1 ? held.filter((k) => k !== row && k.is_primary === 1) : [];
      if (others.length > 0) {
        b.flush();
        this.db.run(sql`UPDATE contact SET is_primary = 0 WHERE customer_id = ${customerId} AND name <> ${input.name} AND is_primary = 1`);
        for (const k of others) k.is_primary = 0;
        if (outcome === 'unchanged') outcome = 'updated';
      }
      return outcome;
    }
    b?.flush();
    let id: number;
    if (!existing) {
      const values = { customer_id: customerId, name: input.name, role: next.role, phone: next.phone, is_primary: next.is_primary };
      id = insertRow(this.db, insertContactStmt, insertContactIdStmt, values) as number;
      outcome = 'inserted';
    } else {
      id = existing.id;
      if (existing.role !== next.role || existing.phone !== next.phone || existing.is_primary !== next.is_primary || existing.needs_correction !== next.needs_correction) {
        this.db.run(updateContactStmt.bind({ id, ...next }));
        outcome = 'updated';
      }
    }
    if (next.is_primary === 1 && this.db.run(clearOtherPrimariesStmt.bind({ customer_id: customerId, id })).changes > 0 && outcome === 'unchanged') {
      outcome = 'updated';
    }
    return outcome;
  }
}

type CustomerInsert = CustomerValues & { id: number; code: string; created_on: string };
type ContactInsert = { customer_id: number; name: string; role: string | null; phone: string | null; is_primary: number };

/** What a PostgreSQL import holds: rows read ahead, ids reserved, rows waiting to be written. */
class ImportBatch {
  /** By stored code: the row, or null when no customer has that code. */
  readonly customers = new Map<string, CustomerRow | null>();
  /** All contacts of the customers read ahead or inserted by this import. */
  readonly contacts = new Map<number, ContactRow[]>();
  private readonly ids: ReservedIds;
  private readonly customerRows: RowBatch<CustomerInsert>;
  private readonly contactRows: RowBatch<ContactInsert>;

  constructor(db: Db) {
    this.ids = new ReservedIds(db, 'customer');
    this.customerRows = new RowBatch<CustomerInsert>(
      db,
      'customer',
      { id: 'integer', code: 'text', ...CUSTOMER_COLUMN_TYPES, created_on: 'text' },
      CUSTOMER_BATCH_ROWS,
    );
    this.contactRows = new RowBatch<ContactInsert>(
      db,
      'contact',
      { customer_id: 'integer', name: 'text', role: 'text', phone: 'text', is_primary: 'integer' },
      CONTACT_BATCH_ROWS,
    );
  }

  /** Take n customer ids in one statement (an id costs no round trip of its own). */
  reserveCustomerIds(n: number): void {
    this.ids.reserve(n);
  }

  nextCustomerId(): number {
    return this.ids.next();
  }

  insertCustomer(row: CustomerInsert): void {
    this.customers.set(row.code, { ...row });
    this.contacts.set(row.id, []);
    this.customerRows.add(row);
    // A contact refers to its customer: the customers go first.
    if (this.customerRows.full) this.flush();
  }

  insertContact(row: ContactInsert): void {
    this.contactRows.add(row);
    if (this.contactRows.full) this.flush();
  }

  flush(): void {
    this.customerRows.flush();
    this.contactRows.flush();
  }
}

export interface CustomerFilter {
  tier?: string;
  owner?: string;
  status?: CustomerStatus;
  /** What `matchesTerm` finds: code, part of the name, part of a contact's name or phone. */
  search?: string;
}

/**
 * The one rule for finding a customer by what a clerk types (`customer list --search`, `log`'s
 * type-ahead): the code's beginning (typed any way, see customer-code.ts), any part of the name, or
 * any part of a contact's name or phone. An SQL condition on `c`, and the exact code to rank first.
 *
 * SQLite's LIKE ignores the case of ASCII letters only and has no escape character; PostgreSQL's is
 * case-sensitive and escapes with `\`. So on PostgreSQL both sides are folded with lower() under the
 * "C" collation (ASCII letters only, as SQLite) and ESCAPE '' turns the escape off: a term matches
 * the same customers on both stores (`%` and `_` typed by the clerk are wildcards on both).
 */
export function matchesTerm(term: string, dialect: Dialect): { sql: RawBuilder<unknown>; exact: string } {
  const t = term.trim();
  const prefix = `${normalizeCode(t)}%`;
  const part = `%${t}%`;
  if (dialect === 'sqlite') {
    return {
      sql: sql`(c.code LIKE ${prefix} OR c.name LIKE ${part}
       OR c.id IN (SELECT customer_id FROM contact WHERE phone LIKE ${part} OR name LIKE ${part}))`,
      exact: normalizeCode(t),
    };
  }
  const fold = (s: string) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
  const like = (column: RawBuilder<unknown>, pattern: string) => sql`lower(${column} COLLATE "C") LIKE ${fold(pattern)} ESCAPE ''`;
  return {
    sql: sql`(${like(sql`c.code`, prefix)} OR ${like(sql`c.name`, part)}
       OR c.id IN (SELECT customer_id FROM contact WHERE ${like(sql`phone`, part)} OR ${like(sql`name`, part)}))`,
    exact: normalizeCode(t),
  };
}

export interface CustomerListRow extends CustomerRow {
  contact_name: string | null;
  contact_phone: string | null;
}

/** Customers with the contact to dial (domain/contact-to-dial.ts; else the one to correct), in code order. */
export function listCustomers(db: Db, filter: CustomerFilter = {}): CustomerListRow[] {
  const match = filter.search === undefined ? undefined : matchesTerm(filter.search, db.dialect);
  // Filters not given are left out rather than bound as NULL: PostgreSQL cannot type an untyped `$n IS NULL`.
  const conditions = [
    filter.tier === undefined ? undefined : sql`c.tier = ${filter.tier}`,
    filter.owner === undefined ? undefined : sql`c.owner = ${filter.owner}`,
    filter.status === undefined ? undefined : sql`c.status = ${filter.status}`,
    match?.sql,
  ].filter((c) => c !== undefined);
  const where = conditions.length ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
  const rows = db.all<CustomerRow>(
    sql`SELECT c.* FROM customer c ${where}
       ORDER BY ${match ? sql`(c.code = ${match.exact}) DESC, ` : sql``}c.code`,
  );
  const unfiltered = conditions.length === 0;
  const contacts = contactsByCustomer(db, unfiltered ? 'all' : rows.map((r) => r.id));
  return rows.map((r) => {
    const choice = contactToDial(contacts.get(r.id) ?? []);
    const k = choice.kind === 'none' ? null : choice.contact;
    return { ...r, contact_name: k?.name ?? null, contact_phone: k?.phone ?? null };
  });
}

export function contactsOf(db: Db, customerId: number): ContactRow[] {
  return contactsByCustomer(db, [customerId]).get(customerId) ?? [];
}

/**
 * The contacts of many customers in one read (primary first), for the rule that picks the contact to
 * dial (domain/contact-to-dial.ts). 'all' reads the whole table: a festival greets everyone.
 */
export function contactsByCustomer(db: Db, customerIds: readonly number[] | 'all'): Map<number, ContactRow[]> {
  if (customerIds === 'all') return groupByCustomer(db.all<ContactRow>(sql`SELECT * FROM contact ORDER BY customer_id, is_primary DESC, id`));
  // The ids go as one value, however many: SQLite reads a JSON array, PostgreSQL an int[] ('{1,2}').
  const ids =
    db.dialect === 'sqlite'
      ? sql`SELECT value FROM json_each(${JSON.stringify(customerIds)})`
      : sql`SELECT unnest(${`{${customerIds.join(',')}}`}::int[])`;
  return groupByCustomer(db.all<ContactRow>(sql`SELECT * FROM contact WHERE customer_id IN (${ids}) ORDER BY customer_id, is_primary DESC, id`));
}

/** Whether anything has happened to a customer (events, visits, issues): such a customer is never deleted. */
export function hasHistory(db: Db, customerId: number): boolean {
  return (
    db.value<number>(
      sql`SELECT EXISTS (SELECT 1 FROM event WHERE customer_id = ${customerId})
             OR EXISTS (SELECT 1 FROM visit WHERE customer_id = ${customerId})
             OR EXISTS (SELECT 1 FROM issue WHERE customer_id = ${customerId})`,
    ) === 1
  );
}

/** Delete a customer with no history, with its contacts and (never-used) tasks. */
export function deleteCustomer(db: Db, customerId: number): void {
  db.run(sql`DELETE FROM task WHERE customer_id = ${customerId}`);
  db.run(sql`DELETE FROM contact WHERE customer_id = ${customerId}`);
  db.run(sql`DELETE FROM customer WHERE id = ${customerId}`);
}

/** A number found wrong on a call: never dialled again until corrected (SPEC §3.4). */
export function flagForCorrection(db: Db, contactId: number): void {
  db.run(sql`UPDATE contact SET needs_correction = 1 WHERE id = ${contactId}`);
}
