// Rows written many at a time: one multi-row INSERT per batch instead of a round trip per row (PostgreSQL imports).
import type { Db } from './db.js';
import { sql, statement, type Param, type Statement } from './sql.js';

/** PostgreSQL binds at most 32767 values in one statement. */
const MAX_VALUES = 32767;

/**
 * Rows held back and written `size` at a time as one `INSERT … VALUES (…), (…)`. The statement for
 * a full batch is compiled once; a last, shorter batch compiles its own. The caller flushes before
 * anything reads the table, and before the commit.
 */
export class RowBatch<R extends { [K in C]: Param }, C extends string = Extract<keyof R, string>> {
  private rows: R[] = [];
  private readonly statements = new Map<number, Statement<Record<string, Param>>>();
  readonly size: number;

  constructor(
    private readonly db: Db,
    private readonly table: string,
    private readonly columns: readonly C[],
    size: number,
  ) {
    this.size = Math.max(1, Math.min(size, Math.floor(MAX_VALUES / columns.length)));
  }

  get full(): boolean {
    return this.rows.length >= this.size;
  }

  get length(): number {
    return this.rows.length;
  }

  add(row: R): void {
    this.rows.push(row);
  }

  flush(): void {
    const rows = this.rows;
    if (rows.length === 0) return;
    this.rows = [];
    for (let start = 0; start < rows.length; start += this.size) {
      const part = rows.slice(start, start + this.size);
      const values: Record<string, Param> = {};
      part.forEach((row, i) => {
        for (const c of this.columns) values[`${c}_${i}`] = row[c];
      });
      this.db.run(this.statementFor(part.length).bind(values));
    }
  }

  private statementFor(n: number): Statement<Record<string, Param>> {
    let s = this.statements.get(n);
    if (!s) {
      const columns = this.columns;
      s = statement<Record<string, Param>>(
        (p) =>
          sql`INSERT INTO ${sql.table(this.table)} (${sql.join(columns.map((c) => sql.ref(c)))})
              VALUES ${sql.join(Array.from({ length: n }, (_, i) => sql`(${sql.join(columns.map((c) => p[`${c}_${i}`]))})`))}`,
      );
      this.statements.set(n, s);
    }
    return s;
  }
}
