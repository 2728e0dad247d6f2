// `huifang due`: the morning call list, and `due --explain CODE` for why a customer is on it.
import { backgroundMove } from '../cli/background-move.js';
import type { Context } from '../cli/context.js';
import { contactToDial } from '../domain/contact-to-dial.js';
import { addDays } from '../domain/dates.js';
import { buildDueList, greetingDays, type DueList, type Greeting } from '../domain/due-list.js';
import { tierNames, type Policy } from '../domain/policy.js';
import { InputError } from '../errors.js';
import { parseChannel, parseTier, parseWholeNumber } from '../io/parse-values.js';
import { checkOutputPath, writeOutputFile } from '../io/output-file.js';
import { dueCsvRows, dueJson, greetingsCsvRows } from '../render/due-view.js';
import { toJson } from '../render/json.js';
import { dueFacts } from '../app/plan.js';
import { StaffRepo } from '../store/staff.js';
import { openStore, type Db } from '../store/db.js';
import { loadGreetingCandidates } from '../store/due-query.js';
import { loadPolicy } from '../store/policy-store.js';
import { OptionChecker } from './option-values.js';
import { writeXlsx, xlsxTarget } from './xlsx-option.js';

// Each output's renderer is imported when that output is asked for: `due --json`, the command clerks'
// tools call most, then loads neither the table layout (string-width) nor CSV, sheet or explain code.

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
  /** Every column in full, whatever the width. */
  wide?: boolean;
  /** Everyone's list, even when --user names a clerk. */
  all?: boolean;
  /** false with --no-pager. */
  pager?: boolean;
  /** The call sheet: true for stdout, or the file to write. */
  print?: boolean | string;
}

/** Whose list `due` shows: --staff, else the clerk --user names (a supervisor and --all: everyone's). */
export interface DueScope {
  staff?: string;
  /** The one line that says so. */
  line?: string;
}

export function dueScope(db: Db, ctx: Context, o: Pick<DueOptions, 'staff' | 'all'>): DueScope {
  if (o.staff !== undefined) return { staff: o.staff };
  if (o.all || ctx.user === undefined) return {};
  const me = new StaffRepo(db).list().find((s) => s.name === ctx.user);
  if (!me) return { line: ctx.t('due.scopeUnknownUser', { name: ctx.user }) };
  if (me.role === 'supervisor') return { line: ctx.t('due.scopeSupervisor', { name: me.name }) };
  return { staff: me.name, line: ctx.t('due.scopeMine', { name: me.name }) };
}

/** A table longer than this is not read by anyone; --limit, --json and --csv give everything. */
const TABLE_ROWS = 100;
/** The width of a terminal nobody told us about. */
const DEFAULT_WIDTH = 80;

/** Compute the list: everything the renderings (table, sheet, JSON, CSV) need, computed once. */
export function computeDue(db: Db, ctx: Context, o: DueOptions, defaultLimit?: number, policy: Policy = loadPolicy(db)): DueList {
  const check = new OptionChecker();
  const days = check.value('--days', o.days, (t) => parseWholeNumber(t, 0)) ?? 0;
  const limit = check.value('--limit', o.limit, (t) => parseWholeNumber(t, 1));
  const tier = check.value('--tier', o.tier, (t) => parseTier(t, tierNames(policy)));
  const channel = check.value('--channel', o.channel, parseChannel);
  check.done();

  const { planCtx, listDate, until, staff, rows } = dueFacts(db, ctx.today, policy, { days, staff: o.staff, tier, channel }, backgroundMove(ctx));

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

export async function dueCommand(ctx: Context, options: DueOptions): Promise<void> {
  if (options.json && options.csv) throw new InputError('option.jsonOrCsv');
  if (options.print !== undefined && (options.json || options.csv || options.xlsx)) throw new InputError('option.printAlone');
  const out = xlsxTarget(ctx, options, { outIsForXlsx: true });
  const sheetFile = typeof options.print === 'string' ? checkOutputPath(options.print, { store: ctx.dbPath }) : undefined;
  const db = openStore(ctx.dbPath);
  try {
    if (options.explain !== undefined) {
      (await import('./explain.js')).explainCustomer(db, ctx, options.explain, Boolean(options.json));
      return;
    }
    const scope = dueScope(db, ctx, options);
    const scoped = { ...options, staff: scope.staff };
    const policy = loadPolicy(db);
    const table = options.print === undefined && !options.json && !options.csv && !out;
    // On a screen the whole list is computed and its top shown; a table elsewhere holds at most TABLE_ROWS.
    const height = table && options.limit === undefined ? ctx.stdout.rows : undefined;
    const list = computeDue(db, ctx, scoped, table && height === undefined ? TABLE_ROWS : undefined, policy);
    if (out) return await writeXlsx(ctx, out, [(await import('../render/due-workbook.js')).dueSheet(list, ctx, policy, { greetings: Boolean(options.greetings), reveal: Boolean(options.reveal) })]);
    if (options.print !== undefined) {
      // The sheet is what she dials from: full numbers when it is one clerk's list, masked otherwise unless --reveal.
      const sheet = (await import('../render/call-sheet.js')).renderCallSheet(list, ctx, policy, { staff: scope.staff, reveal: Boolean(options.reveal) || scope.staff !== undefined });
      if (sheetFile === undefined) ctx.stdout.write(sheet);
      else {
        writeOutputFile(sheetFile, sheet);
        ctx.stderr.write(`${ctx.t('report.written', { file: sheetFile })}\n`);
      }
    } else if (options.json) {
      ctx.stdout.write(toJson({ ...dueJson(list, ctx, policy), staff: scope.staff ?? null }, { reveal: options.reveal }));
    } else if (options.csv) {
      const rows = options.greetings ? greetingsCsvRows(list, ctx, Boolean(options.reveal)) : dueCsvRows(list, ctx, policy, Boolean(options.reveal));
      ctx.stdout.write((await import('../io/csv-writer.js')).toCsv(rows));
    } else {
      const [{ renderDueTable }, { writePaged }] = await Promise.all([import('../render/due-table.js'), import('../ui/pager.js')]);
      const text = renderDueTable(list, ctx, policy, {
        showGreetings: Boolean(options.greetings),
        width: options.wide ? undefined : (ctx.stdout.columns ?? DEFAULT_WIDTH),
        height,
        scope: scope.line,
      });
      writePaged(ctx, text, { pager: options.pager !== false });
    }
  } finally {
    db.close();
  }
}
