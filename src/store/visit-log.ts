// The rows a logged call writes and reads: the visit, the tasks it names, the visit an amendment corrects.
import type { Db } from './db.js';
import type { VisitRow } from './rows.js';

/** A visit to be corrected by `log --amend`, with its customer's code and whether a correction exists already. */
export type AmendedVisit = Omit<VisitRow, 'source' | 'supersedes' | 'natural_key' | 'recorded_at' | 'serves_explicit'> & {
  code: string;
  amended: 0 | 1;
};

export function visitToAmend(db: Db, id: number): AmendedVisit | undefined {
  return db
    .prepare(
      `SELECT v.id, v.customer_id, c.code, v.contact_id, v.staff, v.at, v.channel, v.outcome, v.respondent, v.score, v.feedback,
              v.needs, v.signatory, EXISTS (SELECT 1 FROM visit w WHERE w.supersedes = v.id) AS amended
       FROM visit v JOIN customer c ON c.id = v.customer_id WHERE v.id = ?`,
    )
    .get(id) as AmendedVisit | undefined;
}

/** A logged visit as written: respondent and score only when reached (the caller has checked the rest). */
export type LoggedVisit = Omit<VisitRow, 'id' | 'source' | 'natural_key' | 'serves_explicit'> & { serves_explicit: 0 | 1 };

/** Insert a visit recorded by `log`; returns its id. */
export function insertLoggedVisit(db: Db, v: LoggedVisit): number {
  return Number(
    db
      .prepare(
        `INSERT INTO visit (customer_id, contact_id, staff, at, channel, outcome, respondent, score, feedback, needs,
                            signatory, source, serves_explicit, supersedes, recorded_at)
         VALUES (@customer_id, @contact_id, @staff, @at, @channel, @outcome, @respondent, @score, @feedback, @needs,
                 @signatory, 'log', @serves_explicit, @supersedes, @recorded_at)`,
      )
      .run(v).lastInsertRowid,
  );
}

/** Record which tasks a visit served or tried (the input when the clerk named them). */
export function linkVisitTasks(db: Db, visitId: number, taskIds: readonly number[]): void {
  const link = db.prepare('INSERT OR IGNORE INTO visit_task (visit_id, task_id) VALUES (?, ?)');
  for (const id of taskIds) link.run(visitId, id);
}

/** A customer's latest visit, shown before the next call. */
export function lastVisitOf(db: Db, customerId: number): Pick<VisitRow, 'at' | 'channel' | 'score' | 'contact_id'> | undefined {
  return db.prepare('SELECT at, channel, score, contact_id FROM visit WHERE customer_id = ? ORDER BY at DESC, id DESC LIMIT 1').get(customerId) as
    | Pick<VisitRow, 'at' | 'channel' | 'score' | 'contact_id'>
    | undefined;
}

export function visitById(db: Db, id: number): VisitRow | undefined {
  return db.prepare('SELECT * FROM visit WHERE id = ?').get(id) as VisitRow | undefined;
}
