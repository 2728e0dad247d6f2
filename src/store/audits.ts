// Audit re-checks of reached calls [002 §15]: the month's population to sample, and each re-check's result.
import type { Db } from './db.js';
import type { AuditResult, CustomerRow, VisitRow } from './rows.js';
import { sql } from './sql.js';

/** A reached call that may be drawn for a re-check, with its latest re-check result if any. */
export type AuditableVisit = Pick<VisitRow, 'id' | 'customer_id' | 'contact_id' | 'at' | 'staff' | 'channel' | 'score' | 'feedback'> &
  Pick<CustomerRow, 'code' | 'name'> & { audited: AuditResult | null };

/** Reached calls in [from, to] ('YYYY-MM-DD HH:mm'), corrected ones left out, by id. */
export function reachedVisitsBetween(db: Db, from: string, to: string): AuditableVisit[] {
  return db.all<AuditableVisit>(
    sql`SELECT v.id, v.customer_id, v.contact_id, v.at, c.code, c.name, v.staff, v.channel, v.score, v.feedback,
              (SELECT result FROM audit a WHERE a.visit_id = v.id ORDER BY a.id DESC LIMIT 1) AS audited
       FROM visit v JOIN customer c ON c.id = v.customer_id
       WHERE v.outcome = 'reached' AND v.at BETWEEN ${from} AND ${to}
         AND NOT EXISTS (SELECT 1 FROM visit n WHERE n.supersedes = v.id)
       ORDER BY v.id`,
  );
}

export function insertAudit(db: Db, a: { visitId: number; auditor: string | null; at: string; result: AuditResult; note: string | null }): void {
  db.run(sql`INSERT INTO audit (visit_id, auditor, audited_at, result, note) VALUES (${a.visitId}, ${a.auditor}, ${a.at}, ${a.result}, ${a.note})`);
}
