// Matching a file's header to the columns an import knows, in English or Chinese, and reading cells.
import { AMOUNT_UNIT_EXAMPLES, amountUnitFactor } from '../domain/amount-units.js';
import type { Problem } from '../errors.js';
import type { Lang } from '../i18n/index.js';
import { cellProblemOf, type CsvRow } from './csv-source.js';
import type { RowProblem } from './imports/kind.js';

export interface ColumnSpec<F extends string = string> {
  field: F;
  /** English name first (INTERFACE.md), then Chinese names and common variants. */
  names: readonly string[];
  required?: boolean;
  /** An amount in yuan: a unit in its header (`年采购额(万元)`) converts every value of the column. */
  money?: boolean;
}

/** A column's name in the user's language, for messages: the first Chinese name in zh, the English one in en. */
export function columnName(spec: ColumnSpec, lang: Lang): string {
  return (lang === 'zh' ? spec.names.find((n) => /\p{Script=Han}/u.test(n)) : undefined) ?? (spec.names[0] as string);
}

export interface HeaderMap<F extends string> {
  /** Cell index of each field present in the file. */
  index: Partial<Record<F, number>>;
  /** The column's name as written in the file, for error messages. */
  label: Partial<Record<F, string>>;
  /** The factor to yuan of a money column whose header gives a unit (万元 → 10,000). */
  factor: Partial<Record<F, number>>;
  /** Columns nobody knows: reported, not silently dropped (SPEC §4). */
  unknown: string[];
  problems: Problem[];
}

/** Header cells as spreadsheets write them: 'Code ', '客户编号*', '电话（手机）' all match. */
export function normaliseHeader(text: string): string {
  return headerParts(text).name;
}

/** A header's name and what it says in closing brackets (`年采购额(万元)` → 年采购额, 万元). */
function headerParts(text: string): { name: string; note?: string } {
  const folded = text
    .normalize('NFKC')
    .replace(/^\uFEFF/, '')
    .replace(/[*＊\s]/g, '')
    .toLowerCase();
  const m = /^(.*?)\((.*)\)$/.exec(folded);
  return m ? { name: m[1] ?? '', note: m[2] } : { name: folded };
}

export function mapHeader<F extends string>(
  file: string,
  header: CsvRow,
  specs: readonly ColumnSpec<F>[],
): HeaderMap<F> {
  const byName = new Map<string, ColumnSpec<F>>();
  for (const spec of specs) for (const name of spec.names) byName.set(normaliseHeader(name), spec);

  const map: HeaderMap<F> = { index: {}, label: {}, factor: {}, unknown: [], problems: [] };
  header.cells.forEach((cell, i) => {
    const { name, note } = headerParts(cell);
    if (name === '') return;
    const spec = byName.get(name);
    if (!spec) {
      map.unknown.push(cell.trim());
      return;
    }
    const seen = map.label[spec.field];
    if (seen !== undefined) {
      map.problems.push({ file, line: header.line, column: cell.trim(), key: 'import.duplicateColumn', params: { other: seen } });
      return;
    }
    map.index[spec.field] = i;
    map.label[spec.field] = cell.trim();
    if (spec.money && note !== undefined) {
      const factor = amountUnitFactor(note);
      if (factor === undefined) {
        map.problems.push({ file, line: header.line, column: cell.trim(), key: 'import.unknownUnit', params: { unit: note, known: AMOUNT_UNIT_EXAMPLES.join(', ') } });
      } else {
        map.factor[spec.field] = factor;
      }
    }
  });
  for (const spec of specs) {
    if (spec.required && map.index[spec.field] === undefined) {
      map.problems.push({
        file,
        line: header.line,
        column: spec.names.slice(0, 2).join('/'),
        key: 'import.missingColumn',
      });
    }
  }
  return map;
}

/** Reads one row's cells by field: trimmed text, '' when empty; undefined when the file lacks the column. */
export class RowReader<F extends string> {
  private readonly known: [F, number][];

  constructor(
    private readonly map: HeaderMap<F>,
    public row: CsvRow,
  ) {
    this.known = Object.entries(map.index) as [F, number][];
  }

  has(field: F): boolean {
    return this.map.index[field] !== undefined;
  }

  get(field: F): string {
    const i = this.map.index[field];
    if (i === undefined) return '';
    return (this.row.cells[i] ?? '').trim();
  }

  /** undefined = column absent; null = empty cell; otherwise the text. */
  optional(field: F): string | null | undefined {
    if (!this.has(field)) return undefined;
    const v = this.get(field);
    return v === '' ? null : v;
  }

  /**
   * Cells of this row's known columns that no spreadsheet writes (too long, control characters).
   * Such a row is not parsed further: its values would only be quoted back in longer messages.
   */
  badCells(): RowProblem<F>[] {
    const problems: RowProblem<F>[] = [];
    for (const [field, i] of this.known) {
      const problem = cellProblemOf(this.row.cells[i] ?? '');
      if (problem) problems.push({ field, ...problem });
    }
    return problems;
  }

  /** The factor to yuan the column's header gives (1 when it names no unit). */
  factor(field: F): number {
    return this.map.factor[field] ?? 1;
  }

  label(field: F): string {
    return this.map.label[field] ?? field;
  }
}
