// Visit records: imported history is keyed by (customer, time, clerk, channel); rows are never edited.
import type { Channel, Outcome, Respondent } from '../domain/vocabulary.js';
import type { Db } from './db.js';
import type { VisitRow } from './rows.js';
import type { WriteOutcome } from './customers.js';
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
const insertImportedVisitStmt = statement<ImportedVisitValues>(
  (p) => sql`INSERT INTO visit (customer_id, staff, at, channel, outcome, respondent, score, feedback, signatory,
                          source, natural_key, recorded_at)
       VALUES (${p.customer_id}, ${p.staff}, ${p.at}, ${p.channel}, ${p.outcome}, ${p.respondent}, ${p.score}, ${p.feedback}, ${p.signatory},
               'import', ${p.natural_key}, ${p.recorded_at})
       ON CONFLICT (natural_key) DO NOTHING RETURNING id`,
);

export class VisitRepo {
  constructor(private readonly db: Db) {}

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
    const inserted = this.db.value<number>(
      insertImportedVisitStmt.bind({
        ...row,
        respondent: row.respondent ?? null,
        feedback: row.feedback ?? null,
        signatory: row.signatory ?? null,
        natural_key,
        recorded_at: recordedAt,
      }),
    );
    if (inserted !== undefined) return { outcome: 'inserted', id: inserted };
    const existing = this.db.get(visitByKeyStmt.bind({ natural_key })) as VisitRow;
    const differs = COMPARED.find((f) => v[f] !== undefined && existing[f] !== v[f]);
    return differs ? { conflict: differs, stored: existing[differs], id: existing.id } : { outcome: 'unchanged', id: existing.id };
  }
}

export function visitsOf(db: Db, customerId: number): VisitRow[] {
  return db.all<VisitRow>(sql`SELECT * FROM visit WHERE customer_id = ${customerId} ORDER BY at, id`);
}
