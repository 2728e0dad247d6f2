// Writing CSV that Excel and WPS open correctly: UTF-8 with BOM, CRLF, formulas defused, cells quoted.
import { stringify } from 'csv-stringify/sync';

const BOM = '\uFEFF';

// A cell starting with one of these is run as a formula by spreadsheets (CSV injection);
// full-width forms are included because WPS normalises them.
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;

/** Prefix a would-be formula with an apostrophe so spreadsheets show it as text. */
export function defuseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * A number the program wrote out itself, such as a percentage (`80.6%`, `-2.5%`) that spreadsheets read
 * as a number: written as it is, since a leading minus here is a sign, not a formula.
 */
export class FormattedNumber {
  constructor(readonly text: string) {}
}

export type CsvCell = string | number | FormattedNumber | null | undefined;

export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  const cells = rows.map((r) =>
    r.map((c) => (c === null || c === undefined ? '' : typeof c === 'number' ? String(c) : c instanceof FormattedNumber ? c.text : defuseCell(c))),
  );
  // Naming a record delimiter turns off csv-stringify's quoting of bare CR and LF, yet spreadsheets end
  // a row at either: a cell holding one must be quoted, or the text after it becomes a new row.
  return BOM + stringify(cells, { record_delimiter: '\r\n', quote_record_delimiter: true });
}
