// Recording an event by hand (a delivery, an order, a complaint…) and re-planning its customer in the same transaction.
import type { IsoDate } from '../domain/dates.js';
import { InputError } from '../errors.js';
import { CustomerRepo, type WriteOutcome } from '../store/customers.js';
import { inWriteTransaction, type Db } from '../store/db.js';
import { EventRepo, type EventInput } from '../store/events.js';
import { planContext, replan } from './plan-sync.js';
import { loadPolicy } from '../store/policy-store.js';

export function addEvent(
  db: Db,
  code: string,
  event: Omit<EventInput, 'customer_id' | 'customer_code'>,
  today: IsoDate,
): { id: number; outcome: WriteOutcome; customer: { id: number; code: string } } {
  const customer = new CustomerRepo(db, loadPolicy(db), today).resolve(code);
  if (customer === undefined) throw new InputError('customer.unknown', { code });
  return inWriteTransaction(db, () => {
    const written = new EventRepo(db).upsert({ ...event, customer_id: customer.id, customer_code: customer.code });
    replan(db, [customer.id], planContext(db, today));
    return { ...written, customer };
  });
}
