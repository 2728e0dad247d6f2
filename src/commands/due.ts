// `huifang due`: the morning call list, and `due --explain CODE` for why a customer is on it.
import type { Context } from '../cli/context.js';
import { contactToDial } from '../domain/contact-to-dial.js';
import { addDays } from '../domain/dates.js';
import { buildDueList, greetingDays, listWindow, type DueList, type Greeting } from '../domain/due-list.js';
import { tierNames, type Policy } from '../domain/policy.js';
import { InputError } from '../errors.js';
import { parseChannel, parseTier, parseWholeNumber } from '../io/parse-values.js';
import { toCsv } from '../io/csv-writer.js';
import { dueCsvRows, dueJson, greetingsCsvRows, renderDueTable } from '../render/due-view.js';
import { dueSheet } from '../render/due-workbook.js';
import { toJson } from '../render/json.js';
import { openStore, type Db } from '../store/db.js';
import { loadDueRows, loadGreetingCandidates } from '../store/due-query.js';
import { ensurePlanCurrent, planContext } from '../store/plan-sync.js';
import { loadPolicy } from '../store/policy-store.js';
import { explainCustomer } from './explain.js';
import { OptionChecker } from './option-values.js';
import { writeXlsx, xlsxTarget } from './xlsx-option.js';

export interface DueOptions {
  days?: string;
  staff?: string;
  tier?: string;
  channel?: string;
  limit?: string;
  greetings?: boolean;
  json?: boolean;
  csv?: boolean;
  xlsx?: boolean;
  out?: string;
  explain?: string;
  reveal?: boolean;
}

function staffOf(db: Db, name: string): { name: string; supervisor: boolean; capacity: number | null } {
  const row = db.prepare('SELECT name, role, daily_capacity FROM staff WHERE name = ?').get(name) as
    | { name: string; role: string; daily_capacity: number | null }
    | undefined;
  if (!row) {
    const known = db.prepare('SELECT name FROM staff ORDER BY name').pluck().all() as string[];
    throw new InputError('staff.unknown', { name, known: known.join(', ') || '—' });
  }
  return { name: row.name, supervisor: row.role === 'supervisor', capacity: row.daily_capacity };
}

/** Compute the list: everything the three renderings (table, JSON, CSV) need, computed once. */
/** A table longer than this is not read by anyone; --limit, --json and --csv give everything. */
const TABLE_ROWS = 100;

export function computeDue(db: Db, ctx: Context, o: DueOptions, defaultLimit?: number, policy: Policy = loadPolicy(db)): DueList {
  const check = new OptionChecker();
  const days = check.value('--days', o.days, (t) => parseWholeNumber(t, 0)) ?? 0;
  const limit = check.value('--limit', o.limit, (t) => parseWholeNumber(t, 1));
  const tier = check.value('--tier', o.tier, (t) => parseTier(t, tierNames(policy)));
  const channel = check.value('--channel', o.channel, parseChannel);
  check.done();

  const planCtx = planContext(db, ctx.today, policy);
  const { listDate, until } = listWindow(ctx.today, days, planCtx.calendar);
  ensurePlanCurrent(db, planCtx, until);
  const staff = o.staff ? staffOf(db, o.staff) : undefined;
  const rows = loadDueRows(db, { until, tier, channel, transactionTypes: policy.dormancy.transaction_types });

  const greetings: Greeting[] = [];
  const occasions = greetingDays(listDate, until, policy);
  const add = (date: string, occasion: Greeting['occasion'], list: ReturnType<typeof loadGreetingCandidates>) => {
    for (const g of list) {
      if (staff && g.owner !== staff.name) continue;
      if (tier && g.tier !== tier) continue;
      const dial = contactToDial(g.contacts);
      greetings.push({
        customer: { code: g.code, name: g.name, tier: g.tier, owner: g.owner },
        contact: dial.kind === 'dial' ? { name: dial.contact.name, phone: dial.contact.phone } : { name: null, phone: null },
        occasion,
        date,
        channel: policy.greetings.channel,
      });
    }
  };
  if (policy.greetings.birthdays) {
    const byMonthDay = new Map<string, string>();
    for (let i = 0; i < occasions.monthDays.length; i++) {
      const md = occasions.monthDays[i] as string;
      byMonthDay.set(md, addDays(listDate, i));
    }
    for (const g of loadGreetingCandidates(db, occasions.monthDays)) {
      const md = (g.birthday ?? '').slice(-5);
      add(byMonthDay.get(md) ?? listDate, 'birthday', [g]);
    }
  }
  if (occasions.festivals.size > 0) {
    const everyone = loadGreetingCandidates(db, 'all');
    for (const [date, festival] of occasions.festivals) add(date, festival, everyone);
  }

  return buildDueList(rows, {
    today: ctx.today,
    listDate,
    until,
    policy,
    calendar: planCtx.calendar,
    limit: limit ?? staff?.capacity ?? defaultLimit,
    staff: staff ? { name: staff.name, supervisor: staff.supervisor } : undefined,
    greetings,
  });
}

export function dueCommand(ctx: Context, options: DueOptions): void | Promise<void> {
  if (options.json && options.csv) throw new InputError('option.jsonOrCsv');
  const out = xlsxTarget(ctx, options, { outIsForXlsx: true });
  const db = openStore(ctx.dbPath);
  try {
    if (options.explain !== undefined) {
      explainCustomer(db, ctx, options.explain, Boolean(options.json));
      return;
    }
    const table = !options.json && !options.csv && !out;
    const policy = loadPolicy(db);
    const list = computeDue(db, ctx, options, table ? TABLE_ROWS : undefined, policy);
    if (out) return writeXlsx(ctx, out, [dueSheet(list, ctx, policy, { greetings: Boolean(options.greetings), reveal: Boolean(options.reveal) })]);
    if (options.json) {
      ctx.stdout.write(toJson(dueJson(list, ctx, policy), { reveal: options.reveal }));
    } else if (options.csv) {
      const rows = options.greetings ? greetingsCsvRows(list, ctx, Boolean(options.reveal)) : dueCsvRows(list, ctx, policy, Boolean(options.reveal));
      ctx.stdout.write(toCsv(rows));
    } else {
      ctx.stdout.write(renderDueTable(list, ctx, policy, { showGreetings: Boolean(options.greetings), staff: options.staff }));
    }
  } finally {
    db.close();
  }
}
