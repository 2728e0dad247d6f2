// Row types mirroring the schema (test/store/schema.snapshot.sql) column for column: the one place they are written.
import type { IsoDate } from '../domain/dates.js';
import type { IssueStatus } from '../domain/issue-states.js';
import type { TierSource } from '../domain/tier.js';
import type { Channel, CustomerStatus, HolidayKind, IssueCategory, IssueLevel, Outcome, Respondent } from '../domain/vocabulary.js';

export interface CustomerRow {
  id: number;
  code: string;
  name: string;
  tier: string;
  tier_source: TierSource;
  annual_purchase: number | null;
  industry: string | null;
  owner: string | null;
  since: IsoDate | null;
  birthday: string | null;
  tags: string;
  status: CustomerStatus;
  notes: string | null;
  created_on: IsoDate;
}

export interface ContactRow {
  id: number;
  customer_id: number;
  name: string;
  role: string | null;
  phone: string | null;
  is_primary: 0 | 1;
  needs_correction: 0 | 1;
}

export interface EventRow {
  id: number;
  customer_id: number;
  type: string;
  occurred_on: IsoDate;
  occurred_time: string | null;
  amount: number | null;
  ref: string | null;
  note: string | null;
  natural_key: string;
}

export interface VisitRow {
  id: number;
  customer_id: number;
  contact_id: number | null;
  staff: string | null;
  /** 'YYYY-MM-DD HH:mm' */
  at: string;
  channel: Channel;
  outcome: Outcome;
  respondent: Respondent | null;
  score: number | null;
  feedback: string | null;
  needs: string | null;
  signatory: string | null;
  source: 'log' | 'import';
  /** 1 when the clerk named the tasks this visit served (visit_task is then the input, not derived). */
  serves_explicit?: 0 | 1;
  supersedes: number | null;
  natural_key: string | null;
  recorded_at: string;
}

export type TaskStatus = 'open' | 'done' | 'cancelled' | 'refused' | 'unreachable' | 'missed';

export interface TaskRow {
  id: number;
  customer_id: number;
  rule: string;
  source_key: string;
  purpose: string;
  channel: Channel;
  due_on: IsoDate;
  deadline: IsoDate;
  window_opens: IsoDate;
  assigned_to: string | null;
  status: TaskStatus;
  attempts: number;
  retry_on: IsoDate | null;
  rescheduled_to: IsoDate | null;
  list_on: IsoDate;
  reschedule_reason: string | null;
  event_id: number | null;
  issue_id: number | null;
  origin_visit_id: number | null;
  done_visit_id: number | null;
  closed_on: IsoDate | null;
  close_reason: string | null;
}


export interface IssueRow {
  id: number;
  customer_id: number;
  visit_id: number | null;
  category: IssueCategory;
  level: IssueLevel;
  description: string;
  department: string | null;
  status: IssueStatus;
  raised_at: string;
  respond_by: string;
  plan_by: string | null;
  resolve_by: string;
  responded_at: string | null;
  resolved_at: string | null;
  confirmed_at: string | null;
}

export interface IssueTransitionRow {
  id: number;
  issue_id: number;
  from_status: IssueStatus;
  to_status: IssueStatus;
  at: string;
  staff: string | null;
  note: string | null;
}

export type AuditResult = 'confirmed' | 'mismatch' | 'unreachable';

export interface AuditRow {
  id: number;
  visit_id: number;
  auditor: string | null;
  audited_at: string;
  result: AuditResult;
  note: string | null;
}

export interface StaffRow {
  id: number;
  name: string;
  role: 'clerk' | 'supervisor';
  daily_capacity: number | null;
}

export interface CalendarOverrideRow {
  date: IsoDate;
  kind: HolidayKind;
  name: string | null;
}
