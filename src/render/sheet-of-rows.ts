// One row model, two serialisers: the rows a CSV export writes (header first) become a workbook sheet,
// each column typed by the catalogue key of its header, so nothing is computed twice.
import type { MessageKey, Translate } from '../i18n/index.js';
import type { CellType, CellValue, Sheet } from '../io/workbook-writer.js';

/** The columns that are not plain text or counts: dates, rates, phones, whole numbers. */
export type ColumnTypes = Partial<Record<MessageKey, CellType>>;

/** A header not named in `types` is written as it is (text stays text, a number stays a number). */
export function sheetOfRows(t: Translate, name: string, rows: readonly (readonly CellValue[])[], types: ColumnTypes): Sheet {
  const byHeader = new Map(Object.entries(types).map(([key, type]) => [t(key as MessageKey), type]));
  const [header = [], ...body] = rows;
  return {
    name,
    columns: header.map((h) => ({ header: String(h ?? ''), type: byHeader.get(String(h ?? '')) ?? 'text' })),
    rows: body,
  };
}
