// Visit records: imported history is keyed by (customer, time, clerk, channel); rows are never edited.
import type { Channel, Outcome, Respondent } from '../domain/vocabulary.js';
import type { Db } from './db.js';
import type { VisitRow } from './rows.js';
import type { WriteOutcome } from './customers.js';
import type { RawBuilder } from 'kysely';
import { insertRow, pgArray, ReservedIds, RowBatch } from './row-batch.js';
import { sql, statement } from './sql.js';

/** Row types live in rows.ts; re-exported where callers have always found them. */
export type { VisitRow } from './rows.js';

export interface ImportedVisit {
  customer_id: number;
  customer_code: string;
  staff: string | null;
  at: string;
  channel: Channel;
  outcome: Outcome;
  score: number | null;
  /** undefined: not known from this source, so not compared with what is stored. */
  respondent: Respondent | null | undefined;
  feedback: string | null | undefined;
  signatory: string | null | undefined;
}

const SEP = '\u001f';

export function visitNaturalKey(v: Pick<ImportedVisit, 'customer_code' | 'at' | 'staff' | 'channel'>): string {
  return [v.customer_code, v.at, v.staff ?? '', v.channel].join(SEP);
}

/** Which stored field differs from the imported row, if any (history is not edited in place). */
const COMPARED = ['outcome', 'respondent', 'score', 'feedback', 'signatory'] as const;

/** The highest visit id so far (0 in an empty store): what an import added lies above it. */
export function lastVisitId(db: Db): number {
  return db.value<number>(sql`SELECT coalesce(max(id), 0) FROM visit`) as number;
}

const visitByKeyStmt = statement<{ natural_key: string }, VisitRow>((p) => sql`SELECT * FROM visit WHERE natural_key = ${p.natural_key}`);
type ImportedVisitValues = Omit<ImportedVisit, 'customer_code' | 'respondent' | 'feedback' | 'signatory'> & {
  respondent: Respondent | null;
  feedback: string | null;
  signatory: string | null;
  natural_key: string;
  recorded_at: string;
};
// ON CONFLICT DO NOTHING: a new visit costs one statement; only a repeat is read back and compared.
const insertImportedVisit = (returning: RawBuilder<unknown>) =>
  statement<ImportedVisitValues>(
    (p) => sql`INSERT INTO visit (customer_id, staff, at, channel, outcome, respondent, score, feedback, signatory,
                          source, natural_key, recorded_at)
       VALUES (${p.customer_id}, ${p.staff}, ${p.at}, ${p.channel}, ${p.outcome}, ${p.respondent}, ${p.score}, ${p.feedback}, ${p.signatory},
               'import', ${p.natural_key}, ${p.recorded_at})
       ON CONFLICT (natural_key) DO NOTHING${returning}`,
  );
const insertImportedVisitStmt = insertImportedVisit(sql``);
const insertImportedVisitIdStmt = insertImportedVisit(sql` RETURNING id`);

/** How many imported visits a PostgreSQL import writes in one statement. */
const VISIT_BATCH_ROWS = 2000;
const VISIT_COLUMNS = {
  id: 'integer',
  customer_id: 'integer',
  staff: 'text',
  at: 'text',
  channel: 'text',
  outcome: 'text',
  respondent: 'text',
  score: 'integer',
  feedback: 'text',
  signatory: 'text',
  source: 'text',
  natural_key: 'text',
  recorded_at: 'text',
} as const;
type VisitInsert = ImportedVisitValues & { id: number; source: 'import' };

export class VisitRepo {
  /**
   * PostgreSQL imports only: the visits the next rows name are read ahead (`prefetch`), new ones get
   * reserved ids and are written in multi-row statements. undefined otherwise.
   */
  private readonly batch: { known: Map<string, VisitRow | null>; ids: ReservedIds; rows: RowBatch<VisitInsert> } | undefined;

  constructor(
    private readonly db: Db,
    options: { batch?: boolean } = {},
  ) {
    this.batch =
      options.batch && db.dialect === 'postgres'
        ? { known: new Map(), ids: new ReservedIds(db, 'visit'), rows: new RowBatch<VisitInsert>(db, 'visit', VISIT_COLUMNS, VISIT_BATCH_ROWS) }
        : undefined;
  }

  /** PostgreSQL imports: read the stored visits with these keys in one statement, and reserve ids for the new ones. */
  prefetch(visits: readonly Pick<ImportedVisit, 'customer_code' | 'at' | 'staff' | 'channel'>[]): void {
    const b = this.batch;
    if (!b) return;
    const keys = [...new Set(visits.map(visitNaturalKey))].filter((k) => !b.known.has(k));
    if (keys.length === 0) return;
    for (const k of keys) b.known.set(k, null);
    for (const row of this.db.all<VisitRow>(sql`SELECT * FROM visit WHERE natural_key = ANY(${pgArray(keys)}::text[])`)) b.known.set(row.natural_key as string, row);
    b.ids.reserve(keys.filter((k) => b.known.get(k) === null).length);
  }

  /** Write the visits held back (before anything reads the table, and before the commit). */
  flush(): void {
    this.batch?.rows.flush();
    this.batch?.known.clear(); // the table has them now; an import's memory stays flat
  }

  /**
   * Insert an imported visit once. The same visit imported again is unchanged; one that differs from
   * what is stored is a conflict, returned as the first differing field.
   */
  importVisit(
    v: ImportedVisit,
    recordedAt: string,
  ): { outcome: WriteOutcome; id: number } | { conflict: (typeof COMPARED)[number]; stored: unknown; id: number } {
    const natural_key = visitNaturalKey(v);
    const { customer_code: _code, ...row } = v;
    const values: ImportedVisitValues = {
      ...row,
      respondent: row.respondent ?? null,
      feedback: row.feedback ?? null,
      signatory: row.signatory ?? null,
      natural_key,
      recorded_at: recordedAt,
    };
    const b = this.batch;
    let existing: VisitRow | undefined;
    if (b && b.known.has(natural_key)) {
      existing = b.known.get(natural_key) ?? undefined;
      if (!existing) {
        const held: VisitInsert = { id: b.ids.next(), ...values, source: 'import' };
        b.rows.add(held);
        if (b.rows.full) b.rows.flush();
        b.known.set(natural_key, { contact_id: null, needs: null, supersedes: null, ...held });
        return { outcome: 'inserted', id: held.id };
      }
    } else {
      b?.rows.flush();
      const inserted = insertRow(this.db, insertImportedVisitStmt, insertImportedVisitIdStmt, values);
      if (inserted !== undefined) return { outcome: 'inserted', id: inserted };
      existing = this.db.get(visitByKeyStmt.bind({ natural_key })) as VisitRow;
    }
    const differs = COMPARED.find((f) => v[f] !== undefined && existing[f] !== v[f]);
    return differs ? { conflict: differs, stored: existing[differs], id: existing.id } : { outcome: 'unchanged', id: existing.id };
  }
}

export function visitsOf(db: Db, customerId: number): VisitRow[] {
  return db.all<VisitRow>(sql`SELECT * FROM visit WHERE customer_id = ${customerId} ORDER BY at, id`);
}
