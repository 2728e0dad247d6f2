// One row model, two serialisers: the rows a CSV export writes (header first) become a workbook sheet,
// each column typed by the catalogue key of its header, so nothing is computed twice.
import type { MessageKey, Translate } from '../i18n/index.js';
import { FormattedNumber, type CsvCell } from '../io/csv-writer.js';
import type { CellType, CellValue, Sheet, TypedCell } from '../io/workbook-writer.js';

/** The columns that are not plain text or counts: dates, rates, phones, whole numbers. */
export type ColumnTypes = Partial<Record<MessageKey, CellType>>;

/** A header not named in `types` is written as it is (text stays text, a number stays a number). */
export function sheetOfRows(t: Translate, name: string, rows: readonly (readonly CsvCell[])[], types: ColumnTypes): Sheet {
  const byHeader = new Map(Object.entries(types).map(([key, type]) => [t(key as MessageKey), type]));
  const [header = [], ...body] = rows;
  return {
    name,
    columns: header.map((h) => ({ header: String(h ?? ''), type: byHeader.get(String(h ?? '')) ?? 'text' })),
    rows: body.map((row) => row.map(cellOf)),
  };
}

/**
 * A CSV cell as a workbook cell: a percentage the CSV spells out (`80.6%`) is the fraction it stands
 * for in a percent cell, whatever the column (targets and changes sit in columns of their own).
 */
function cellOf(c: CsvCell): CellValue | TypedCell {
  if (!(c instanceof FormattedNumber)) return c;
  const percent = /^(-?\d+(?:\.\d+)?)%$/.exec(c.text);
  return percent ? { value: Number(percent[1]) / 100, type: 'percent' } : Number(c.text);
}
