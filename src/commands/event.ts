// `huifang event add CODE --type T --date D`: record a delivery, order, complaint… by hand.
import type { Context } from '../cli/context.js';
import { vocabularyLabel } from '../i18n/index.js';
import { parseAmount, parseDateTime, parseEventType } from '../io/parse-values.js';
import { toJson } from '../render/json.js';
import { addEvent } from '../app/events.js';
import { openStore } from '../store/db.js';
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
    const result = addEvent(
      db,
      code,
      {
        type: type as string,
        occurred_on: when?.date as string,
        occurred_time: when?.time ?? null,
        amount: amount ?? null,
        ref: options.ref ?? null,
        note: options.note ?? null,
      },
      ctx.today,
    );
    const { customer } = result;
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
