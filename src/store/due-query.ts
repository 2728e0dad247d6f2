// The one read behind `huifang due`: open tasks listed by a date, with what the call sheet shows beside them.
import type { IsoDate } from '../domain/dates.js';
import type { Db } from './db.js';

export interface DueRow {
  task_id: number;
  rule: string;
  purpose: string;
  channel: string;
  due_on: IsoDate;
  deadline: IsoDate;
  list_on: IsoDate;
  status: 'open' | 'unreachable';
  attempts: number;
  retry_on: IsoDate | null;
  rescheduled_to: IsoDate | null;
  assigned_to: string | null;
  event_date: IsoDate | null;
  event_ref: string | null;
  issue_level: string | null;
  customer_id: number;
  code: string;
  name: string;
  tier: string;
  since: IsoDate | null;
  created_on: IsoDate;
  customer_status: string;
  owner: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  last_visit_at: string | null;
  last_visit_score: number | null;
  open_issues: number;
  last_transaction: IsoDate | null;
}

export interface DueFilter {
  /** Tasks whose list date is on or before this day. */
  until: IsoDate;
  tier?: string;
  channel?: string;
  transactionTypes: readonly string[];
}

/**
 * Indexed on task(status, list_on): the cost grows with what is due, not with history. Each
 * listed customer adds a few index probes (primary contact, last reached visit, open issues).
 */
export function loadDueRows(db: Db, f: DueFilter): DueRow[] {
  return db
    .prepare(
      `SELECT t.id AS task_id, t.rule, t.purpose, t.channel, t.due_on, t.deadline, t.list_on, t.status, t.attempts,
              t.retry_on, t.rescheduled_to, t.assigned_to,
              e.occurred_on AS event_date, e.ref AS event_ref, i.level AS issue_level,
              c.id AS customer_id, c.code, c.name, c.tier, c.since, c.created_on, c.status AS customer_status, c.owner,
              k.name AS contact_name, k.phone AS contact_phone,
              lv.at AS last_visit_at, lv.score AS last_visit_score,
              (SELECT count(*) FROM issue x WHERE x.customer_id = c.id
                 AND x.status NOT IN ('confirmed')) AS open_issues,
              (SELECT max(occurred_on) FROM event y WHERE y.customer_id = c.id
                 AND y.type IN (SELECT value FROM json_each(@types))) AS last_transaction
       FROM task t
       JOIN customer c ON c.id = t.customer_id
       LEFT JOIN event e ON e.id = t.event_id
       LEFT JOIN issue i ON i.id = t.issue_id
       LEFT JOIN contact k ON k.id = (
         SELECT id FROM contact WHERE customer_id = c.id ORDER BY needs_correction, is_primary DESC, id LIMIT 1)
       LEFT JOIN visit lv ON lv.id = (
         SELECT id FROM visit WHERE customer_id = c.id AND outcome = 'reached' ORDER BY at DESC, id DESC LIMIT 1)
       WHERE t.status IN ('open', 'unreachable') AND t.list_on <= @until
         AND c.status NOT IN ('lost', 'do_not_contact')
         AND (@tier IS NULL OR c.tier = @tier)
         AND (@channel IS NULL OR t.channel = @channel)
       ORDER BY c.id, t.due_on, t.id`,
    )
    .all({
      until: f.until,
      tier: f.tier ?? null,
      channel: f.channel ?? null,
      types: JSON.stringify(f.transactionTypes),
    }) as DueRow[];
}

export interface GreetingRow {
  customer_id: number;
  code: string;
  name: string;
  tier: string;
  owner: string | null;
  birthday: string | null;
  contact_name: string | null;
  contact_phone: string | null;
}

/** Contactable customers, optionally only those whose birthday (MM-DD) is in the list. */
export function loadGreetingCandidates(db: Db, monthDays: readonly string[] | 'all'): GreetingRow[] {
  return db
    .prepare(
      `SELECT c.id AS customer_id, c.code, c.name, c.tier, c.owner, c.birthday,
              k.name AS contact_name, k.phone AS contact_phone
       FROM customer c
       LEFT JOIN contact k ON k.id = (
         SELECT id FROM contact WHERE customer_id = c.id ORDER BY needs_correction, is_primary DESC, id LIMIT 1)
       WHERE c.status NOT IN ('lost', 'do_not_contact')
         AND (@all = 1 OR substr(c.birthday, -5) IN (SELECT value FROM json_each(@days)))
       ORDER BY c.code`,
    )
    .all({ all: monthDays === 'all' ? 1 : 0, days: JSON.stringify(monthDays === 'all' ? [] : monthDays) }) as GreetingRow[];
}
