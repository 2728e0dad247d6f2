// Copy a CSV with every date column moved by N days, keeping its encoding (used to age the demo data to today).
import fs from 'node:fs';
import iconv from 'iconv-lite';
import { addDays } from '../domain/dates.js';
import { mapHeader } from './columns.js';
import { openCsv } from './csv-source.js';
import { toCsv } from './csv-writer.js';
import type { ImportKind } from './imports/kind.js';
import { parseBirthday, parseDateTime } from './parse-values.js';

export type DateColumnKind = 'datetime' | 'birthday';

function shiftCell(text: string, kind: DateColumnKind, days: number): string {
  if (text.trim() === '') return text;
  if (kind === 'birthday') {
    const b = parseBirthday(text);
    if (!b.ok) return text;
    // A birthday without a year is shifted within a leap year so 2-29 stays possible.
    const full = b.value.startsWith('--') ? `2000-${b.value.slice(2)}` : b.value;
    const moved = addDays(full, days);
    return b.value.startsWith('--') ? moved.slice(5) : moved;
  }
  const d = parseDateTime(text);
  if (!d.ok) return text;
  const moved = addDays(d.value.date, days);
  return d.value.time ? `${moved} ${d.value.time}` : moved;
}

/** Write `target` as a copy of `source` with the named columns shifted; GBK sources stay GBK. */
export async function shiftCsvDates<F extends string>(
  source: string,
  target: string,
  kind: ImportKind<F, unknown>,
  dateFields: Partial<Record<F, DateColumnKind>>,
  days: number,
): Promise<void> {
  const csv = await openCsv(source);
  const header = mapHeader(source, csv.header, kind.columns);
  const shifts = Object.entries(dateFields).flatMap(([field, k]) => {
    const i = header.index[field as F];
    return i === undefined ? [] : [[i, k as DateColumnKind] as const];
  });
  const rows: string[][] = [csv.header.cells];
  for await (const row of csv.rows) {
    const cells = [...row.cells];
    for (const [i, k] of shifts) cells[i] = shiftCell(cells[i] ?? '', k, days);
    rows.push(cells);
  }
  // toCsv adds a BOM for Excel; a GBK file must not have one.
  const text = toCsv(rows);
  fs.writeFileSync(target, csv.encoding === 'gb18030' ? iconv.encode(text.slice(1), 'gbk') : text, { mode: 0o600 });
}
