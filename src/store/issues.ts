// Issues and their transitions: reads for `issue list/show`, the insert a visit makes, and the state machine's writes.
import { ISSUE_ACTION_TO, type IssueAction } from '../domain/issue-states.js';
import type { SlaDeadlines } from '../domain/sla.js';
import type { IssueCategory, IssueLevel } from '../domain/vocabulary.js';
import type { Db } from './db.js';
import type { IssueRow, IssueTransitionRow } from './rows.js';

/** An issue with its customer's code and name, as `issue list/show` print it. */
export interface IssueWithCustomer extends IssueRow {
  code: string;
  name: string;
}

const WITH_CUSTOMER = 'SELECT i.*, c.code, c.name FROM issue i JOIN customer c ON c.id = i.customer_id';

export function issueById(db: Db, id: number): IssueWithCustomer | undefined {
  return db.prepare(`${WITH_CUSTOMER} WHERE i.id = ?`).get(id) as IssueWithCustomer | undefined;
}

/** Issues in the order they were raised: all, or those not yet confirmed, of one level or every level. */
export function listIssues(db: Db, filter: { unconfirmedOnly: boolean; level: IssueLevel | null }): IssueWithCustomer[] {
  return db
    .prepare(`${WITH_CUSTOMER} WHERE (@open = 0 OR i.status <> 'confirmed') AND (@level IS NULL OR i.level = @level) ORDER BY i.raised_at, i.id`)
    .all({ open: filter.unconfirmedOnly ? 1 : 0, level: filter.level }) as IssueWithCustomer[];
}

export type TransitionView = Pick<IssueTransitionRow, 'from_status' | 'to_status' | 'at' | 'staff' | 'note'>;

export function transitionsOf(db: Db, issueId: number): TransitionView[] {
  return db.prepare('SELECT from_status, to_status, at, staff, note FROM issue_transition WHERE issue_id = ? ORDER BY at, id').all(issueId) as TransitionView[];
}

/** A customer's issues not yet confirmed, shown before a call. */
export function unconfirmedIssuesOf(db: Db, customerId: number): Pick<IssueRow, 'id' | 'level' | 'description'>[] {
  return db.prepare("SELECT id, level, description FROM issue WHERE customer_id = ? AND status <> 'confirmed'").all(customerId) as Pick<
    IssueRow,
    'id' | 'level' | 'description'
  >[];
}

export function issueLevelOf(db: Db, issueId: number): IssueLevel | undefined {
  return db.prepare('SELECT level FROM issue WHERE id = ?').pluck().get(issueId) as IssueLevel | undefined;
}

export interface NewIssue {
  customerId: number;
  visitId: number;
  category: IssueCategory;
  level: IssueLevel;
  description: string;
  department: string | null;
  /** 'YYYY-MM-DD HH:mm': the SLA clocks start here. */
  raisedAt: string;
  sla: SlaDeadlines;
}

/** Insert an open issue raised on a visit; returns its id. */
export function insertIssue(db: Db, i: NewIssue): number {
  return Number(
    db
      .prepare(
        `INSERT INTO issue (customer_id, visit_id, category, level, description, department, status, raised_at, respond_by, plan_by, resolve_by)
         VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)`,
      )
      .run(i.customerId, i.visitId, i.category, i.level, i.description, i.department, i.raisedAt, i.sla.respond_by, i.sla.plan_by, i.sla.resolve_by).lastInsertRowid,
  );
}

/** The time stamps each action sets; reopening restarts the chase: the resolution and confirmation no longer hold. */
const STAMP: Record<IssueAction, string> = {
  respond: 'responded_at = @at',
  resolve: 'resolved_at = @at, responded_at = coalesce(responded_at, @at)',
  confirm: 'confirmed_at = @at',
  reopen: 'resolved_at = NULL, confirmed_at = NULL',
};

/**
 * Persist one step of the issue state machine: the new status with its time stamp and the transition
 * row, together (the caller holds the transaction and has checked the step with domain/issue-states.ts).
 */
export function moveIssue(db: Db, issue: Pick<IssueRow, 'id' | 'status'>, action: IssueAction, at: string, staff: string | null, note: string | null): void {
  const to = ISSUE_ACTION_TO[action];
  db.prepare(`UPDATE issue SET status = @to, ${STAMP[action]} WHERE id = @id`).run({ id: issue.id, to, at });
  db.prepare('INSERT INTO issue_transition (issue_id, from_status, to_status, at, staff, note) VALUES (?, ?, ?, ?, ?, ?)').run(
    issue.id,
    issue.status,
    to,
    at,
    staff,
    note,
  );
}
