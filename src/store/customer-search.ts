// Finding a customer as a clerk types (log's type-ahead), by the one matching rule of customers.ts.
import type { IsoDate } from '../domain/dates.js';
import { matchesTerm } from './customers.js';
import type { Db } from './db.js';
import type { CustomerRow } from './rows.js';
import { sql } from './sql.js';

export type FoundCustomer = Pick<CustomerRow, 'id' | 'code' | 'name'>;

/** Up to `limit` matches for `term`, an exact code first; with nothing typed, today's list, most overdue first. */
export function searchCustomers(db: Db, term: string, today: IsoDate, limit = 10): FoundCustomer[] {
  const t = term.trim();
  if (!t) {
    // Both orders are spelt out (SQLite gave these, id order, without them; PostgreSQL gives no order
    // unless asked): the same customers in the same order on both stores, ties broken by id.
    return db.all<FoundCustomer>(
      sql`SELECT c.id, c.code, c.name FROM customer c WHERE c.id IN (SELECT customer_id FROM task WHERE status IN ('open', 'unreachable') AND list_on <= ${today}
           GROUP BY customer_id ORDER BY min(due_on), customer_id LIMIT ${limit})
         ORDER BY c.id`,
    );
  }
  const match = matchesTerm(t, db.dialect);
  return db.all<FoundCustomer>(
    sql`SELECT c.id, c.code, c.name FROM customer c WHERE c.status <> 'do_not_contact' AND ${match.sql} ORDER BY (c.code = ${match.exact}) DESC, c.code LIMIT ${limit}`,
  );
}
