// The rows a logged call writes and reads: the visit, the tasks it names, the visit an amendment corrects.
import type { Db } from './db.js';
import type { VisitRow } from './rows.js';
import { sql } from './sql.js';

/** A visit to be corrected by `log --amend`, with its customer's code and whether a correction exists already. */
export type AmendedVisit = Omit<VisitRow, 'source' | 'supersedes' | 'natural_key' | 'recorded_at' | 'serves_explicit'> & {
  code: string;
  amended: 0 | 1;
};

export function visitToAmend(db: Db, id: number): AmendedVisit | undefined {
  return db.get<AmendedVisit>(
    sql`SELECT v.id, v.customer_id, c.code, v.contact_id, v.staff, v.at, v.channel, v.outcome, v.respondent, v.score, v.feedback,
              v.needs, v.signatory, EXISTS (SELECT 1 FROM visit w WHERE w.supersedes = v.id) AS amended
       FROM visit v JOIN customer c ON c.id = v.customer_id WHERE v.id = ${id}`,
  );
}

/** A logged visit as written: respondent and score only when reached (the caller has checked the rest). */
export type LoggedVisit = Omit<VisitRow, 'id' | 'source' | 'natural_key' | 'serves_explicit'> & { serves_explicit: 0 | 1 };

/** Insert a visit recorded by `log`; returns its id. */
export function insertLoggedVisit(db: Db, v: LoggedVisit): number {
  return db.value<number>(
    sql`INSERT INTO visit (customer_id, contact_id, staff, at, channel, outcome, respondent, score, feedback, needs,
                            signatory, source, serves_explicit, supersedes, recorded_at)
         VALUES (${v.customer_id}, ${v.contact_id}, ${v.staff}, ${v.at}, ${v.channel}, ${v.outcome}, ${v.respondent}, ${v.score}, ${v.feedback}, ${v.needs},
                 ${v.signatory}, 'log', ${v.serves_explicit}, ${v.supersedes}, ${v.recorded_at}) RETURNING id`,
  ) as number;
}

/** Record which tasks a visit served or tried (the input when the clerk named them). */
export function linkVisitTasks(db: Db, visitId: number, taskIds: readonly number[]): void {
  if (taskIds.length === 0) return;
  // One statement for all of them (a round trip each on PostgreSQL otherwise); a repeated id is kept once.
  db.run(
    sql`INSERT INTO visit_task (visit_id, task_id) VALUES ${sql.join(taskIds.map((id) => sql`(${visitId}, ${id})`))}
        ON CONFLICT DO NOTHING`,
  );
}

/** A customer's latest visit, shown before the next call. */
export function lastVisitOf(db: Db, customerId: number): Pick<VisitRow, 'at' | 'channel' | 'score' | 'contact_id'> | undefined {
  return db.get<Pick<VisitRow, 'at' | 'channel' | 'score' | 'contact_id'>>(
    sql`SELECT at, channel, score, contact_id FROM visit WHERE customer_id = ${customerId} ORDER BY at DESC, id DESC LIMIT 1`,
  );
}

export function visitById(db: Db, id: number): VisitRow | undefined {
  return db.get<VisitRow>(sql`SELECT * FROM visit WHERE id = ${id}`);
}
