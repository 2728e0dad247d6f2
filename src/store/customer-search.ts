// Finding a customer as a clerk types: by code, any part of the name, or a contact's phone or name.
import { normalizeCode } from '../domain/customer-code.js';
import type { IsoDate } from '../domain/dates.js';
import type { Db } from './db.js';
import type { CustomerRow } from './rows.js';

export type FoundCustomer = Pick<CustomerRow, 'id' | 'code' | 'name'>;

const FIND = 'SELECT c.id, c.code, c.name FROM customer c';

/** Up to `limit` matches for `term`, an exact code first; with nothing typed, today's list, most overdue first. */
export function searchCustomers(db: Db, term: string, today: IsoDate, limit = 10): FoundCustomer[] {
  const t = term.trim();
  if (!t) {
    return db
      .prepare(
        `${FIND} WHERE c.id IN (SELECT customer_id FROM task WHERE status IN ('open', 'unreachable') AND list_on <= ?
           GROUP BY customer_id ORDER BY min(due_on) LIMIT ?)`,
      )
      .all(today, limit) as FoundCustomer[];
  }
  return db
    .prepare(
      `${FIND} WHERE c.status <> 'do_not_contact' AND (c.code LIKE @prefix OR c.name LIKE @part
         OR c.id IN (SELECT customer_id FROM contact WHERE phone LIKE @part OR name LIKE @part))
       ORDER BY (c.code = @exact) DESC, c.code LIMIT @limit`,
    )
    .all({ prefix: `${normalizeCode(t)}%`, part: `%${t}%`, exact: normalizeCode(t), limit }) as FoundCustomer[];
}
