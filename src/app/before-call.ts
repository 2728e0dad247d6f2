// What the interactive `log` shows and asks from (SPEC §3.7): customers matching what is typed, and one customer's card.
import { contactToDial, type ContactChoice } from '../domain/contact-to-dial.js';
import type { IsoDate } from '../domain/dates.js';
import { contactsByCustomer, contactsOf, type ContactRow } from '../store/customers.js';
import { searchCustomers, type FoundCustomer } from '../store/customer-search.js';
import type { Db } from '../store/db.js';
import { unconfirmedIssuesOf } from '../store/issues.js';
import type { TaskRow } from '../store/rows.js';
import { openTasksOf } from '../store/tasks.js';
import { lastVisitOf } from '../store/visit-log.js';

/** Matches for the type-ahead, each with the contact to dial (or the number to correct first). */
export function customersToCall(db: Db, term: string, today: IsoDate): (FoundCustomer & { dial: ContactChoice<ContactRow> })[] {
  const found = searchCustomers(db, term, today);
  const contacts = contactsByCustomer(db, found.map((c) => c.id));
  return found.map((c) => ({ ...c, dial: contactToDial(contacts.get(c.id) ?? []) }));
}

/** One customer before the call: open tasks, the last call, unconfirmed issues, contacts. */
export function callCard(db: Db, customerId: number): {
  open: TaskRow[];
  last: ReturnType<typeof lastVisitOf>;
  issues: ReturnType<typeof unconfirmedIssuesOf>;
  contacts: ContactRow[];
} {
  return { open: openTasksOf(db, customerId), last: lastVisitOf(db, customerId), issues: unconfirmedIssuesOf(db, customerId), contacts: contactsOf(db, customerId) };
}
