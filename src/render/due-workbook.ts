// The call list (or the greeting send list) as a workbook sheet: the CSV export's rows, typed.
import type { Context } from '../cli/context.js';
import type { DueList } from '../domain/due-list.js';
import type { Policy } from '../domain/policy.js';
import type { Sheet } from '../io/workbook-writer.js';
import { dueCsvRows, greetingsCsvRows } from './due-view.js';
import { sheetOfRows, type ColumnTypes } from './sheet-of-rows.js';

const DUE_TYPES: ColumnTypes = {
  'col.rank': 'integer',
  'col.phone': 'phone',
  'col.due': 'date',
  'col.overdueDays': 'integer',
  'col.lastVisit': 'date',
  'col.lastScore': 'integer',
  'col.issues': 'integer',
  'col.attempts': 'integer',
  'col.urgency': 'number',
};
const GREETING_TYPES: ColumnTypes = { 'col.date': 'date', 'col.phone': 'phone' };

/** `due --xlsx` (`--greetings` for the send list); phones masked unless `reveal` (SPEC §5). */
export function dueSheet(list: DueList, ctx: Context, policy: Policy, o: { greetings: boolean; reveal: boolean }): Sheet {
  return o.greetings
    ? sheetOfRows(ctx.t, ctx.t('sheet.greetings'), greetingsCsvRows(list, ctx, o.reveal), GREETING_TYPES)
    : sheetOfRows(ctx.t, ctx.t('sheet.due'), dueCsvRows(list, ctx, policy, o.reveal), DUE_TYPES);
}
