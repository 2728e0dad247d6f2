// What every importable file kind provides: its columns, and how one row becomes a record.
import type { IsoDate } from '../../domain/dates.js';
import type { MessageKey, MessageParams } from '../../i18n/index.js';
import type { ColumnSpec, RowReader } from '../columns.js';
import type { Parsed } from '../parse-values.js';

export type ImportKindName = 'customers' | 'contacts' | 'events' | 'visits' | 'holidays';

/** A problem in one cell (field) or the whole row (no field). */
export interface RowProblem<F extends string = string> {
  field?: F;
  key: MessageKey;
  params?: MessageParams;
}

export interface ParseContext {
  today: IsoDate;
  /** Tier names of the policy, for validating the tier column. */
  tiers: readonly string[];
}

export type RowResult<F extends string, R> = { record: R; problems?: undefined } | { problems: RowProblem<F>[] };

export interface ImportKind<F extends string, R> {
  name: ImportKindName;
  columns: readonly ColumnSpec<F>[];
  parseRow(row: RowReader<F>, ctx: ParseContext): RowResult<F, R>;
  /**
   * Identity within the file: a second row with the same key is a duplicate. Kinds without one
   * (visits: half a million keys would not fit the memory budget) are checked by their writer.
   */
  keyOf?: (record: R) => string;
  /** The column a duplicate is reported against. */
  keyField: F;
}

/** Collects cell problems while a row is parsed, so every problem of a row is reported at once. */
export class ProblemCollector<F extends string> {
  readonly problems: RowProblem<F>[] = [];

  /** Parse a non-empty cell; empty cells give null. */
  cell<T>(field: F, text: string | null | undefined, parse: (t: string) => Parsed<T>): T | null | undefined {
    if (text === undefined) return undefined;
    if (text === null) return null;
    const r = parse(text);
    if (r.ok) return r.value;
    this.problems.push({ field, key: r.key, params: r.params });
    return null;
  }

  required(field: F, text: string | null | undefined): string {
    if (!text) this.problems.push({ field, key: 'import.required' });
    return text ?? '';
  }

  add(problem: RowProblem<F>): void {
    this.problems.push(problem);
  }
}
