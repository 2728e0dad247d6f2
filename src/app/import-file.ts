// Importing a file (`huifang import customers|contacts|events|visits|holidays FILE`): check every row, then write all or nothing and re-plan whom it touched.
import fs from 'node:fs';
import path from 'node:path';
import { tierNames } from '../domain/policy.js';
import { KNOWN_EVENT_TYPES } from '../domain/vocabulary.js';
import { InputError, type Problem } from '../errors.js';
import type { MessageKey } from '../i18n/index.js';
import { columnName, mapHeader, RowReader } from '../io/columns.js';
import { openSource, type EncodingChoice, type SourceEncoding } from '../io/row-source.js';
import { checkOutputPath, writeOutputFile } from '../io/output-file.js';
import { contactsKind, type ContactRecord } from '../io/imports/contacts.js';
import { customersKind } from '../io/imports/customers.js';
import { eventsKind, type EventRecord } from '../io/imports/events.js';
import { holidaysKind } from '../io/imports/holidays.js';
import type { ImportKind, ImportKindName, ParseContext, RowProblem } from '../io/imports/kind.js';
import { visitsKind, type VisitRecord } from '../io/imports/visits.js';
import { CalendarRepo, type CalendarOverrideRow } from '../store/calendar-store.js';
import { CustomerRepo, type CustomerInput, type WriteOutcome } from '../store/customers.js';
import { requireStoreOwner } from './staff.js';
import { beginWriteTransaction, ensureIntact, openStore, storeErrorFrom, type Db } from '../store/db.js';
import { EventRepo } from '../store/events.js';
import { loadPolicy } from '../store/policy-store.js';
import { planContext, replan, type SyncCounts } from './plan-sync.js';
import { refreshStatistics } from '../store/statistics.js';
import { StaffRepo } from '../store/staff.js';
import { lastVisitId, VisitRepo } from '../store/visits.js';
import { byteProgress } from '../ui/progress.js';
import type { Context } from '../cli/context.js';


/** Customers touched from which an import refreshes the server's planner statistics before re-planning them (store/statistics.ts). */
const BULK_ROWS = 1000;
/**
 * How many problems (and notes) an import keeps to show. The first fifty say what is wrong with a
 * file; a hundred thousand bad rows printed a hundred thousand lines, and were all held in memory.
 * `--rejects` writes every bad row with its reasons.
 */
export const PROBLEMS_SHOWN = 50;

/** Keep a problem if fewer than PROBLEMS_SHOWN are kept; returns how many were not kept (0 or 1). */
function keep(list: Problem[], problem: Problem): number {
  if (list.length >= PROBLEMS_SHOWN) return 1;
  list.push(problem);
  return 0;
}

export const IMPORT_KINDS: readonly ImportKindName[] = ['customers', 'contacts', 'events', 'visits', 'holidays'];

export interface ImportOptions {
  dryRun?: boolean;
  encoding?: EncodingChoice;
  rejects?: string;
  /** A workbook's sheet to read (the first when absent). */
  sheet?: string;
}

export interface ImportSummary {
  kind: ImportKindName;
  file: string;
  encoding: SourceEncoding;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  dryRun: boolean;
  /** The first PROBLEMS_SHOWN problems, and how many more there were. */
  problems: Problem[];
  problemsNotShown: number;
  warnings: Problem[];
  warningsNotShown: number;
  /** What re-planning the touched customers did (absent on a dry run or failure). */
  planned?: SyncCounts;
}

/**
 * Writes one checked record to the store, or says why the store refuses it. The customer whose
 * plan the row may change is noted in `touched`.
 */
type Apply<R> = (record: R, line: number) => WriteOutcome | RowProblem;

function writers(db: Db, ctx: Context, touched: Set<number>) {
  const policy = loadPolicy(db);
  // On PostgreSQL the repo reads ahead and writes many rows per statement (see `prefetch` below).
  const customers = new CustomerRepo(db, policy, ctx.today, { batch: true });
  const events = new EventRepo(db, { batch: true });
  const visits = new VisitRepo(db, { batch: true });
  const calendar = new CalendarRepo(db);
  const staff = new StaffRepo(db);
  let visitIdsBefore: number | undefined;
  const visitLines: number[] = [];
  const unknownCustomer = (code: string): RowProblem => ({
    field: 'customer',
    key: 'import.unknownCustomer',
    params: { code },
  });

  const apply: { [K in ImportKindName]: Apply<never> } = {
    customers: ((r: CustomerInput) => {
      const { outcome, id } = customers.upsert(r);
      if (outcome !== 'unchanged') touched.add(id);
      return outcome;
    }) as Apply<never>,
    contacts: ((r: ContactRecord) => {
      const id = customers.resolve(r.customer)?.id;
      if (id === undefined) return unknownCustomer(r.customer);
      return customers.upsertContact(id, { name: r.name, role: r.role, phone: r.phone, primary: r.primary });
    }) as Apply<never>,
    events: ((r: EventRecord) => {
      const customer = customers.resolve(r.customer);
      if (customer === undefined) return unknownCustomer(r.customer);
      touched.add(customer.id);
      return events.upsert({
        customer_id: customer.id,
        customer_code: customer.code,
        type: r.type,
        occurred_on: r.date,
        occurred_time: r.time,
        amount: r.amount,
        ref: r.ref,
        note: r.note,
      }).outcome;
    }) as Apply<never>,
    visits: ((r: VisitRecord, line: number) => {
      const customer = customers.resolve(r.customer);
      if (customer === undefined) return unknownCustomer(r.customer);
      const id = customer.id;
      touched.add(id);
      staff.ensure(r.staff);
      visitIdsBefore ??= lastVisitId(db);
      const result = visits.importVisit(
        {
          customer_id: id,
          customer_code: customer.code,
          staff: r.staff,
          at: r.at,
          channel: r.channel,
          outcome: r.outcome,
          respondent: r.respondent,
          score: r.score,
          feedback: r.feedback,
          signatory: r.signatory,
        },
        ctx.now,
      );
      // Visits inserted by this file have ids above the ones stored before it: meeting one of those
      // again means the file repeats a row, and its line is remembered by id (a small array).
      const before = visitIdsBefore;
      if (result.id > before && !('outcome' in result && result.outcome === 'inserted')) {
        return { field: 'at', key: 'import.duplicateRow', params: { first: visitLines[result.id - before] ?? '?' } };
      }
      if ('conflict' in result) {
        return { field: result.conflict, key: 'import.visitConflict', params: { stored: String(result.stored ?? '') } };
      }
      if (result.outcome === 'inserted') visitLines[result.id - before] = line;
      return result.outcome;
    }) as Apply<never>,
    holidays: ((r: CalendarOverrideRow) => calendar.upsert(r)) as Apply<never>,
  };
  /** What the next checked records name (customers, stored events and visits), read in one go before they are applied. */
  const prefetch: { [K in ImportKindName]: (records: never[]) => void } = {
    customers: ((records: CustomerInput[]) => customers.prefetch(records.map((r) => r.code), { inserting: true })) as (records: never[]) => void,
    contacts: ((records: ContactRecord[]) => customers.prefetch(records.map((r) => r.customer), { inserting: false, contacts: true })) as (records: never[]) => void,
    events: ((records: EventRecord[]) => {
      customers.prefetch(records.map((r) => r.customer), { inserting: false });
      events.prefetch(
        records.flatMap((r) => {
          const customer = customers.resolve(r.customer);
          if (customer === undefined) return [];
          const { id: customer_id, code: customer_code } = customer;
          return [{ customer_id, customer_code, type: r.type, occurred_on: r.date, occurred_time: r.time, amount: r.amount, ref: r.ref, note: r.note }];
        }),
      );
    }) as (records: never[]) => void,
    visits: ((records: VisitRecord[]) => {
      customers.prefetch(records.map((r) => r.customer), { inserting: false });
      visits.prefetch(
        records.flatMap((r) => {
          const customer = customers.resolve(r.customer);
          return customer === undefined ? [] : [{ customer_code: customer.code, at: r.at, staff: r.staff, channel: r.channel }];
        }),
      );
    }) as (records: never[]) => void,
    holidays: () => undefined,
  };
  /** Write the rows held back: after each chunk, so before the re-plan reads them and before the commit. */
  const flush = () => {
    customers.flush();
    events.flush();
    visits.flush();
  };
  return { apply, prefetch, flush, policy };
}

/**
 * Rows are checked, then applied, this many at a time: on PostgreSQL the customers a chunk names are
 * read in one statement and its new rows written in a few, instead of round trips per row. Checking
 * is pure and problems are recorded in row order, so the outcome is the same as row by row.
 */
const CHUNK_ROWS = 1000;

const KINDS: { [K in ImportKindName]: ImportKind<string, unknown> } = {
  customers: customersKind as ImportKind<string, unknown>,
  contacts: contactsKind as ImportKind<string, unknown>,
  events: eventsKind as ImportKind<string, unknown>,
  visits: visitsKind as ImportKind<string, unknown>,
  holidays: holidaysKind as ImportKind<string, unknown>,
};

/**
 * Import one file in a single IMMEDIATE transaction. Rows are checked and written as they stream
 * by (memory stays flat on large files); if any row is bad the transaction is rolled back, so the
 * store is exactly as before. With `rejects`, good rows are kept and bad ones go to that file.
 */
export async function importFile(
  ctx: Context,
  kindName: ImportKindName,
  file: string,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const kind = KINDS[kindName];
  // Checked before anything is read or written: a bad path must not cost the user a half-done import.
  const rejectsPath = options.rejects === undefined ? undefined : checkOutputPath(options.rejects, { store: ctx.dbPath, inputs: [file] });
  const db = openStore(ctx.dbPath);
  try {
    // Only the store owner imports into a team store (SPEC §6): said before the file is read.
    requireStoreOwner(db);
    // A bulk write into a damaged store buries the damage under new rows. Reading every page costs
    // about 2 ms per MB (0.3 s at 100k customers), small beside an import; `log` skips it (see README).
    // PostgreSQL keeps its own pages checksummed and has no such check to run (SQLite's PRAGMA quick_check).
    if (db.dialect === 'sqlite') ensureIntact(db, 'quick_check');
    const touched = new Set<number>();
    const { apply, prefetch, flush, policy } = writers(db, ctx, touched);
    const size = fs.existsSync(file) ? fs.statSync(file).size : 0;
    const progress = byteProgress(path.basename(file), size, ctx.t);
    const source = await openSource(file, { encoding: options.encoding, sheet: options.sheet, onBytes: (n) => progress.update(n) });
    const shownFile = source.file; // a workbook's sheet too: 客户.xlsx[客户]
    const header = mapHeader(shownFile, source.header, kind.columns);
    const summary: ImportSummary = {
      kind: kindName,
      file: shownFile,
      encoding: source.encoding,
      rows: 0,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      dryRun: Boolean(options.dryRun),
      problems: [],
      problemsNotShown: 0,
      warnings: [],
      warningsNotShown: 0,
    };
    const warn = (w: Problem) => {
      summary.warningsNotShown += keep(summary.warnings, w);
    };
    for (const column of header.unknown) {
      warn({
        file: shownFile,
        line: source.header.line,
        column,
        key: 'import.unknownColumn' as MessageKey,
        params: { known: kind.columns.map((c) => columnName(c, ctx.lang)).join(ctx.t('list.separator')) },
      });
    }
    if (header.problems.length) {
      await source.close();
      progress.stop();
      throw new InputError('import.badHeader', { file: shownFile }, header.problems);
    }

    const parseCtx: ParseContext = { today: ctx.today, tiers: tierNames(policy) };
    const firstLineOf = new Map<string, number>();
    const rejectRows: string[][] = [];
    const customEventTypes = new Set<string>();
    const known = new Set<string>(KNOWN_EVENT_TYPES);
    const apply_ = apply[kindName] as (r: unknown, line: number) => WriteOutcome | RowProblem;
    const prefetch_ = prefetch[kindName] as (records: unknown[]) => void;

    // One import at a time on a server too (SQLite's write lock does it there): two imports of the
    // same new codes would otherwise race to insert them.
    const tx = beginWriteTransaction(db, { lock: 'huifang.import' });
    try {
      const reader = new RowReader(header, source.header);
      /** A checked row waiting for its chunk to be applied: its problems so far, and its record when it has none. */
      interface Checked {
        line: number;
        cells: string[];
        place: (p: RowProblem) => Problem;
        problems: Problem[];
        record?: unknown;
      }
      let chunk: Checked[] = [];
      const applyChunk = () => {
        prefetch_(chunk.flatMap((c) => (c.record === undefined ? [] : [c.record])));
        for (const { line, cells, place, problems: rowProblems, record } of chunk) {
          if (record !== undefined) {
            const key = kind.keyOf?.(record);
            const first = key === undefined ? undefined : firstLineOf.get(key);
            if (first !== undefined) {
              rowProblems.push(place({ field: kind.keyField, key: 'import.duplicateRow', params: { first } }));
            } else {
              if (key !== undefined) firstLineOf.set(key, line);
              const result = apply_(record, line);
              if (typeof result === 'string') {
                summary[result]++;
                if (kindName === 'events') {
                  const type = (record as EventRecord).type;
                  if (!known.has(type) && !customEventTypes.has(type)) {
                    customEventTypes.add(type);
                    warn(place({ field: 'type', key: 'import.customEventType', params: { type } }));
                  }
                }
              } else {
                rowProblems.push(place(result));
              }
            }
          }
          if (rowProblems.length) {
            // Left to right, as the user reads the row; whole-row problems first.
            const at = (p: Problem) => (p.column === undefined ? -1 : source.header.cells.findIndex((c) => c.trim() === p.column));
            rowProblems.sort((a, b) => at(a) - at(b));
            for (const p of rowProblems) summary.problemsNotShown += keep(summary.problems, p);
            summary.rejected++;
            if (options.rejects) rejectRows.push([...cells.slice(0, source.header.cells.length), String(line), reasonText(ctx, rowProblems)]);
          }
        }
        chunk = [];
        flush();
      };
      for await (const row of source.rows) {
        if (row.cells.every((c) => c.trim() === '')) continue; // Excel's trailing ",,,," rows
        summary.rows++;
        reader.row = row;
        const place = (p: RowProblem): Problem => ({
          file: shownFile,
          line: row.line,
          column: p.field ? reader.label(p.field) : undefined,
          key: p.key,
          params: p.params,
        });
        const rowProblems: Problem[] = [];
        if (row.cells.length > source.header.cells.length && row.cells.slice(source.header.cells.length).some((c) => c.trim())) {
          rowProblems.push(place({ key: 'import.extraCells', params: { n: row.cells.length, m: source.header.cells.length } }));
        }
        const badCells = reader.badCells();
        const parsed = badCells.length ? { problems: badCells } : kind.parseRow(reader, parseCtx);
        let record: unknown;
        if (parsed.problems) rowProblems.push(...parsed.problems.map(place));
        else if (rowProblems.length === 0) record = parsed.record;
        chunk.push({ line: row.line, cells: row.cells, place, problems: rowProblems, record });
        if (chunk.length >= CHUNK_ROWS) applyChunk();
      }
      applyChunk();
      for (const note of source.notes) warn(note); // total rows, skipped
      progress.stop();
      summary.encoding = source.encoding; // a file may show its encoding only after megabytes of ASCII
      const keepGoodRows = Boolean(options.rejects);
      if (summary.dryRun || (summary.rejected > 0 && !keepGoodRows)) {
        tx.rollback();
      } else {
        // New customers, events and history change the plan: re-plan them in the same transaction.
        // A calendar import can move any date still to be planned, so everyone is re-planned.
        const planCtx = planContext(db, ctx.today, policy);
        const bulk = touched.size >= BULK_ROWS;
        if (bulk) refreshStatistics(db);
        summary.planned = replan(db, kindName === 'holidays' ? 'all' : [...touched], planCtx);
        if (bulk) refreshStatistics(db, ['task', 'visit_task']);
        const commit = () => tx.commit();
        if (rejectsPath && rejectRows.length) {
          // The rejects are on disk before the good rows are committed and placed just after: a full
          // disk leaves the store as it was instead of rows imported with their rejects lost.
          const headerRow = [...source.header.cells, ctx.t('import.rejectsLine'), ctx.t('import.rejectsReason')];
          writeOutputFile(rejectsPath, await source.rejectsContent(rejectsPath, [headerRow, ...rejectRows]), commit);
        } else {
          commit();
        }
      }
    } catch (err) {
      progress.stop();
      tx.rollback();
      // A connection to PostgreSQL lost mid-import: the server has rolled the transaction back, so
      // nothing is half-written; the user reads the store error (exit 4), not the driver's.
      throw storeErrorFrom(err, db.name) ?? err;
    }

    if (summary.rejected > 0 && !options.rejects) {
      throw new ImportFailed(summary);
    }
    return summary;
  } finally {
    db.close();
  }
}

/** All problems of a failed import (exit 3); carries the summary so the CLI can print counts and warnings. */
export class ImportFailed extends InputError {
  constructor(readonly summary: ImportSummary) {
    super(
      summary.dryRun ? 'import.dryRunFailed' : 'import.failed',
      { file: summary.file, bad: summary.rejected, rows: summary.rows },
      summary.problemsNotShown
        ? [...summary.problems, { key: 'import.moreProblems', params: { count: summary.problemsNotShown } }]
        : summary.problems,
    );
  }
}

function reasonText(ctx: Context, problems: Problem[]): string {
  return problems.map((p) => `${p.column ? `${p.column}: ` : ''}${ctx.t(p.key, p.params)}`).join('; ');
}
