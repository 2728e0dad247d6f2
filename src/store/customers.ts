// Customers and their contacts: upsert by business key, lookups, listing.
import { contactToDial } from '../domain/contact-to-dial.js';
import { normalizeCode } from '../domain/customer-code.js';
import type { IsoDate } from '../domain/dates.js';
import type { Policy } from '../domain/policy.js';
import { decideTier, type TierSource } from '../domain/tier.js';
import type { CustomerStatus } from '../domain/vocabulary.js';
import type { Db } from './db.js';
import { groupByCustomer } from './group-by-customer.js';
import { StaffRepo } from './staff.js';

/** Row type mirroring the `customer` table exactly. */
export interface CustomerRow {
  id: number;
  code: string;
  name: string;
  tier: string;
  tier_source: TierSource;
  annual_purchase: number | null;
  industry: string | null;
  owner: string | null;
  since: IsoDate | null;
  birthday: string | null;
  tags: string;
  status: CustomerStatus;
  notes: string | null;
  created_on: IsoDate;
}

export interface ContactRow {
  id: number;
  customer_id: number;
  name: string;
  role: string | null;
  phone: string | null;
  is_primary: 0 | 1;
  needs_correction: 0 | 1;
}

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

/**
 * The stored row a typed code names. Codes are stored normalised (SPEC §4), so the normalised form is
 * looked up first; a store written before codes were normalised may hold one as typed, tried second.
 */
function byTypedCode<T>(get: (code: string) => unknown, code: string): T | undefined {
  const key = normalizeCode(code);
  return (get(key) ?? (key === code ? undefined : get(code))) as T | undefined;
}

/** A customer by a code as the user typed it (any case, full-width or not). */
export function customerByCode(db: Db, code: string): CustomerRow | undefined {
  const stmt = db.prepare('SELECT * FROM customer WHERE code = ?');
  return byTypedCode<CustomerRow>((c) => stmt.get(c), code);
}

export class CustomerRepo {
  private readonly byCode;
  private readonly keyByCode;
  private readonly insertStmt;
  private readonly updateStmt;
  private readonly contactByName;
  private readonly insertContact;
  private readonly updateContact;
  private readonly clearOtherPrimaries;
  private readonly staff: StaffRepo;
  private readonly keys = new Map<string, { id: number; code: string }>();

  constructor(
    db: Db,
    private readonly policy: Policy,
    private readonly today: IsoDate,
  ) {
    this.byCode = db.prepare('SELECT * FROM customer WHERE code = ?');
    this.keyByCode = db.prepare('SELECT id, code FROM customer WHERE code = ?');
    this.insertStmt = db.prepare(
      `INSERT INTO customer (code, ${CUSTOMER_COLUMNS.join(', ')}, created_on)
       VALUES (@code, ${CUSTOMER_COLUMNS.map((c) => `@${c}`).join(', ')}, @created_on)`,
    );
    this.updateStmt = db.prepare(
      `UPDATE customer SET ${CUSTOMER_COLUMNS.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`,
    );
    this.contactByName = db.prepare('SELECT * FROM contact WHERE customer_id = ? AND name = ?');
    this.insertContact = db.prepare(
      `INSERT INTO contact (customer_id, name, role, phone, is_primary) VALUES (@customer_id, @name, @role, @phone, @is_primary)`,
    );
    this.updateContact = db.prepare(
      'UPDATE contact SET role = @role, phone = @phone, is_primary = @is_primary, needs_correction = @needs_correction WHERE id = @id',
    );
    this.clearOtherPrimaries = db.prepare(
      'UPDATE contact SET is_primary = 0 WHERE customer_id = ? AND id <> ? AND is_primary = 1',
    );
    this.staff = new StaffRepo(db);
  }

  find(code: string): CustomerRow | undefined {
    return byTypedCode<CustomerRow>((c) => this.byCode.get(c), code);
  }

  /**
   * Id and stored code of the customer a typed code names, remembered: event and visit imports look
   * up the same customers over and over, and key their rows by the stored code.
   */
  resolve(code: string): { id: number; code: string } | undefined {
    let key = this.keys.get(code);
    if (key === undefined) {
      key = byTypedCode<{ id: number; code: string }>((c) => this.keyByCode.get(c), code);
      if (key !== undefined) this.keys.set(code, key);
    }
    return key;
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
    const next: Omit<CustomerRow, 'id' | 'code' | 'created_on'> = {
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
    if (!existing) {
      id = Number(this.insertStmt.run({ code: normalizeCode(input.code), ...next, created_on: this.today }).lastInsertRowid);
      outcome = 'inserted';
    } else {
      id = existing.id;
      const changed = CUSTOMER_COLUMNS.some((c) => existing[c] !== next[c]);
      if (changed) this.updateStmt.run({ id, ...next });
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
    const existing = this.contactByName.get(customerId, input.name) as ContactRow | undefined;
    const phone = input.phone !== undefined ? input.phone : (existing?.phone ?? null);
    const next = {
      role: input.role !== undefined ? input.role : (existing?.role ?? null),
      phone,
      is_primary: input.primary !== undefined && input.primary !== null ? (input.primary ? 1 : 0) : (existing?.is_primary ?? 0),
      needs_correction: existing?.needs_correction === 1 && existing.phone === phone ? 1 : 0,
    };
    let outcome: WriteOutcome = 'unchanged';
    let id: number;
    if (!existing) {
      id = Number(this.insertContact.run({ customer_id: customerId, name: input.name, role: next.role, phone: next.phone, is_primary: next.is_primary }).lastInsertRowid);
      outcome = 'inserted';
    } else {
      id = existing.id;
      if (existing.role !== next.role || existing.phone !== next.phone || existing.is_primary !== next.is_primary || existing.needs_correction !== next.needs_correction) {
        this.updateContact.run({ id, ...next });
        outcome = 'updated';
      }
    }
    if (next.is_primary === 1 && this.clearOtherPrimaries.run(customerId, id).changes > 0 && outcome === 'unchanged') {
      outcome = 'updated';
    }
    return outcome;
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
 * any part of a contact's name or phone. An SQL condition on `c`, with its parameters.
 */
export function matchesTerm(term: string): { sql: string; params: { prefix: string; part: string; exact: string } } {
  const t = term.trim();
  return {
    sql: `(c.code LIKE @prefix OR c.name LIKE @part
       OR c.id IN (SELECT customer_id FROM contact WHERE phone LIKE @part OR name LIKE @part))`,
    params: { prefix: `${normalizeCode(t)}%`, part: `%${t}%`, exact: normalizeCode(t) },
  };
}

export interface CustomerListRow extends CustomerRow {
  contact_name: string | null;
  contact_phone: string | null;
}

/** Customers with the contact to dial (domain/contact-to-dial.ts; else the one to correct), in code order. */
export function listCustomers(db: Db, filter: CustomerFilter = {}): CustomerListRow[] {
  const match = filter.search === undefined ? undefined : matchesTerm(filter.search);
  const rows = db
    .prepare(
      `SELECT c.* FROM customer c
       WHERE (@tier IS NULL OR c.tier = @tier)
         AND (@owner IS NULL OR c.owner = @owner)
         AND (@status IS NULL OR c.status = @status)
         ${match ? `AND ${match.sql}` : ''}
       ORDER BY ${match ? '(c.code = @exact) DESC, ' : ''}c.code`,
    )
    .all({ tier: filter.tier ?? null, owner: filter.owner ?? null, status: filter.status ?? null, ...match?.params }) as CustomerRow[];
  const unfiltered = filter.tier === undefined && filter.owner === undefined && filter.status === undefined && match === undefined;
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
  const rows = (
    customerIds === 'all'
      ? db.prepare('SELECT * FROM contact ORDER BY customer_id, is_primary DESC, id').all()
      : db
          .prepare('SELECT * FROM contact WHERE customer_id IN (SELECT value FROM json_each(?)) ORDER BY customer_id, is_primary DESC, id')
          .all(JSON.stringify(customerIds))
  ) as ContactRow[];
  return groupByCustomer(rows);
}

/** Whether anything has happened to a customer (events, visits, issues): such a customer is never deleted. */
export function hasHistory(db: Db, customerId: number): boolean {
  return (
    db
      .prepare(
        `SELECT EXISTS (SELECT 1 FROM event WHERE customer_id = @id)
             OR EXISTS (SELECT 1 FROM visit WHERE customer_id = @id)
             OR EXISTS (SELECT 1 FROM issue WHERE customer_id = @id)`,
      )
      .pluck()
      .get({ id: customerId }) === 1
  );
}

/** Delete a customer with no history, with its contacts and (never-used) tasks. */
export function deleteCustomer(db: Db, customerId: number): void {
  db.prepare('DELETE FROM task WHERE customer_id = ?').run(customerId);
  db.prepare('DELETE FROM contact WHERE customer_id = ?').run(customerId);
  db.prepare('DELETE FROM customer WHERE id = ?').run(customerId);
}
