// Customer use cases by hand: add or change one (a corrected number included) and re-plan it; remove one with no history.
import { contactToDial } from '../domain/contact-to-dial.js';
import type { IsoDate } from '../domain/dates.js';
import { nextListed } from '../domain/due-list.js';
import type { Policy } from '../domain/policy.js';
import { InputError } from '../errors.js';
import { contactsOf, CustomerRepo, deleteCustomer, hasHistory, type CustomerInput, type CustomerRow, type WriteOutcome } from '../store/customers.js';
import { inWriteTransaction, type Db } from '../store/db.js';
import { loadCalendar } from '../store/plan-store.js';
import { loadPolicy } from '../store/policy-store.js';
import { timelineOf } from '../store/timeline.js';
import { planContext, replan } from './plan-sync.js';
import { loginStaffName, seesWholeStore } from '../store/pg-roles.js';
import { sqlStateOf } from '../store/pg-driver.js';

export function requireCustomer(db: Db, code: string, policy: Policy, today: IsoDate): CustomerRow {
  const row = new CustomerRepo(db, policy, today).find(code);
  if (!row) throw new InputError('customer.unknown', { code });
  return row;
}

/**
 * `customer add` (`mustExist` false: the code must be new) or `customer set` (it must exist). A new
 * tier, status, start date or corrected number changes what is planned: the customer is re-planned in
 * the same transaction (a lost customer's calls are cancelled).
 */
export function writeCustomer(db: Db, input: CustomerInput, mustExist: boolean, policy: Policy, today: IsoDate): { outcome: WriteOutcome; customer: CustomerRow } {
  const repo = new CustomerRepo(db, policy, today);
  // On a team store a clerk's new customer is hers unless she names an owner: her login may write
  // only customers she owns (row-level security), so an unowned one would be refused.
  if (!mustExist && input.owner === undefined && !seesWholeStore(db)) {
    const own = loginStaffName(db);
    if (own !== undefined) input = { ...input, owner: own };
  }
  const outcome = inWriteTransaction(db, () => {
    const existing = repo.find(input.code);
    if (mustExist && !existing) throw new InputError('customer.unknown', { code: input.code });
    if (!mustExist && existing) throw new InputError('customer.exists', { code: input.code });
    let written: ReturnType<CustomerRepo['upsert']>;
    try {
      written = repo.upsert(input);
    } catch (err) {
      // A code held by a customer this login cannot see (another clerk's): taken, without saying whose.
      if (sqlStateOf(err) === '23505') throw new InputError('customer.codeTaken', { code: input.code });
      throw err;
    }
    replan(db, [written.id], planContext(db, today, policy));
    return written.outcome;
  });
  return { outcome, customer: repo.find(input.code) as CustomerRow };
}

/** Only a customer with no history may be deleted; others are marked lost or do_not_contact (SPEC §5). Returns its code. */
export function removeCustomer(db: Db, code: string, today: IsoDate): string {
  return inWriteTransaction(db, () => {
    const c = requireCustomer(db, code, loadPolicy(db), today);
    if (hasHistory(db, c.id)) throw new InputError('customer.hasHistory', { code: c.code });
    deleteCustomer(db, c.id);
    return c.code;
  });
}

/** Everything `customer show` says about one customer: its row, contacts, history, and when it is listed again. */
export function customerProfile(db: Db, code: string, today: IsoDate) {
  const policy = loadPolicy(db);
  const customer = requireCustomer(db, code, policy, today);
  const contacts = contactsOf(db, customer.id);
  const timeline = timelineOf(db, customer.id);
  return {
    policy,
    customer,
    contacts,
    timeline,
    nextListed: nextListed(timeline.openTasks.map((k) => k.list_on), contacts, today, loadCalendar(db)),
    /** Every number is flagged wrong: the customer waits for a corrected one (SPEC §3.4). */
    waitsForNumber: contactToDial(contacts).kind === 'correct',
  };
}
