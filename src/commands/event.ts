// `huifang event add CODE --type T --date D`: record a delivery, order, complaint… by hand.
import type { Context } from '../cli/context.js';
import { InputError } from '../errors.js';
import { vocabularyLabel } from '../i18n/index.js';
import { parseAmount, parseDateTime, parseEventType } from '../io/parse-values.js';
import { toJson } from '../render/json.js';
import { CustomerRepo } from '../store/customers.js';
import { inWriteTransaction, openStore } from '../store/db.js';
import { EventRepo } from '../store/events.js';
import { planContext, replan } from '../store/plan-sync.js';
import { loadPolicy } from '../store/policy-store.js';
import { OptionChecker } from './option-values.js';

interface Options {
  type: string;
  date: string;
  amount?: string;
  ref?: string;
  note?: string;
  json?: boolean;
}

export function eventAdd(ctx: Context, code: string, options: Options): void {
  const check = new OptionChecker();
  const type = check.value('--type', options.type, parseEventType);
  const when = check.value('--date', options.date, parseDateTime);
  const amount = check.value('--amount', options.amount, parseAmount);
  check.done();
  const db = openStore(ctx.dbPath);
  try {
    const customers = new CustomerRepo(db, loadPolicy(db), ctx.today);
    const customer = customers.resolve(code);
    if (customer === undefined) throw new InputError('customer.unknown', { code });
    const result = inWriteTransaction(db, () => {
      const written = new EventRepo(db).upsert({
        customer_id: customer.id,
        customer_code: customer.code,
        type: type as string,
        occurred_on: when?.date as string,
        occurred_time: when?.time ?? null,
        amount: amount ?? null,
        ref: options.ref ?? null,
        note: options.note ?? null,
      });
      replan(db, [customer.id], planContext(db, ctx.today));
      return written;
    });
    if (options.json) {
      ctx.stdout.write(toJson({ id: result.id, outcome: result.outcome, customer: customer.code, type, date: when?.date }));
      return;
    }
    const key = result.outcome === 'inserted' ? 'event.added' : result.outcome === 'updated' ? 'event.updated' : 'event.unchanged';
    ctx.stdout.write(`${ctx.t(key, { id: result.id, code: customer.code, type: vocabularyLabel(ctx.t, 'eventType', type as string), date: when?.date as string })}\n`);
  } finally {
    db.close();
  }
}
