// Issues and their transitions: reads for `issue list/show`, the insert a visit makes, and the state machine's writes.
import { ISSUE_ACTION_TO, type IssueAction } from '../domain/issue-states.js';
import type { SlaDeadlines } from '../domain/sla.js';
import type { IssueCategory, IssueLevel } from '../domain/vocabulary.js';
import type { Db } from './db.js';
import type { IssueRow, IssueTransitionRow } from './rows.js';
import { sql, type RawBuilder } from './sql.js';

/** An issue with its customer's code and name, as `issue list/show` print it. */
export interface IssueWithCustomer extends IssueRow {
  code: string;
  name: string;
}

const WITH_CUSTOMER = sql`SELECT i.*, c.code, c.name FROM issue i JOIN customer c ON c.id = i.customer_id`;

export function issueById(db: Db, id: number): IssueWithCustomer | undefined {
  return db.get<IssueWithCustomer>(sql`${WITH_CUSTOMER} WHERE i.id = ${id}`);
}

/** Issues in the order they were raised: all, or those not yet confirmed, of one level or every level. */
export function listIssues(db: Db, filter: { unconfirmedOnly: boolean; level: IssueLevel | null }): IssueWithCustomer[] {
  // Filters left out rather than bound as NULL: PostgreSQL cannot type an untyped `$n IS NULL`.
  const open = filter.unconfirmedOnly ? sql`AND i.status <> 'confirmed'` : sql``;
  const level = filter.level === null ? sql`` : sql`AND i.level = ${filter.level}`;
  return db.all<IssueWithCustomer>(sql`${WITH_CUSTOMER} WHERE 1 = 1 ${open} ${level} ORDER BY i.raised_at, i.id`);
}

export type TransitionView = Pick<IssueTransitionRow, 'from_status' | 'to_status' | 'at' | 'staff' | 'note'>;

export function transitionsOf(db: Db, issueId: number): TransitionView[] {
  return db.all<TransitionView>(sql`SELECT from_status, to_status, at, staff, note FROM issue_transition WHERE issue_id = ${issueId} ORDER BY at, id`);
}

/** A customer's issues not yet confirmed, shown before a call. */
export function unconfirmedIssuesOf(db: Db, customerId: number): Pick<IssueRow, 'id' | 'level' | 'description'>[] {
  return db.all<Pick<IssueRow, 'id' | 'level' | 'description'>>(
    sql`SELECT id, level, description FROM issue WHERE customer_id = ${customerId} AND status <> 'confirmed'`,
  );
}

export function issueLevelOf(db: Db, issueId: number): IssueLevel | undefined {
  return db.value<IssueLevel>(sql`SELECT level FROM issue WHERE id = ${issueId}`);
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
  const id = db.value<number>(
    sql`INSERT INTO issue (customer_id, visit_id, category, level, description, department, status, raised_at, respond_by, plan_by, resolve_by)
       VALUES (${i.customerId}, ${i.visitId}, ${i.category}, ${i.level}, ${i.description}, ${i.department}, 'open', ${i.raisedAt},
               ${i.sla.respond_by}, ${i.sla.plan_by}, ${i.sla.resolve_by})
       RETURNING id`,
  );
  return Number(id);
}

/** The time stamps each action sets; reopening restarts the chase: the resolution and confirmation no longer hold. */
const STAMP: Record<IssueAction, (at: string) => RawBuilder<unknown>> = {
  respond: (at) => sql`responded_at = ${at}`,
  resolve: (at) => sql`resolved_at = ${at}, responded_at = coalesce(responded_at, ${at})`,
  confirm: (at) => sql`confirmed_at = ${at}`,
  reopen: () => sql`resolved_at = NULL, confirmed_at = NULL`,
};

/**
 * Persist one step of the issue state machine: the new status with its time stamp and the transition
 * row, together (the caller holds the transaction and has checked the step with domain/issue-states.ts).
 */
export function moveIssue(db: Db, issue: Pick<IssueRow, 'id' | 'status'>, action: IssueAction, at: string, staff: string | null, note: string | null): void {
  const to = ISSUE_ACTION_TO[action];
  db.run(sql`UPDATE issue SET status = ${to}, ${STAMP[action](at)} WHERE id = ${issue.id}`);
  db.run(
    sql`INSERT INTO issue_transition (issue_id, from_status, to_status, at, staff, note) VALUES (${issue.id}, ${issue.status}, ${to}, ${at}, ${staff}, ${note})`,
  );
}
