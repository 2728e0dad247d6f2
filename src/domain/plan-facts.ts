// What the planner reads and returns (SPEC §3.0–3.4): plain types and the task key, kept apart from the
// rules so the store can load and write them without depending on the planner.
import type { WorkCalendar } from './calendar.js';
import type { IsoDate } from './dates.js';
import type { Offset, Policy } from './policy.js';
import type { Channel, CustomerStatus, IssueLevel } from './vocabulary.js';

export interface PlanCustomer {
  id: number;
  code: string;
  tier: string;
  tags: readonly string[];
  status: CustomerStatus;
  since: IsoDate | null;
  created_on: IsoDate;
  owner: string | null;
  /** For a long-neglected customer, its place in the first-contact spread (onboarding.ts). */
  first_contact?: FirstContactSlot;
}

/** A customer's place among the long-neglected customers its owner received the same day (SPEC §3.0). */
export interface FirstContactSlot {
  index: number;
  size: number;
}

export interface PlanEvent {
  id: number;
  type: string;
  date: IsoDate;
  /** Stable identity of the event (its ref, or the whole row): the sampling hash uses it. */
  natural_key: string;
  ref: string | null;
}

export interface PlanVisit {
  id: number;
  date: IsoDate;
  /** 'YYYY-MM-DD HH:mm' */
  at: string;
  channel: Channel;
  reached: boolean;
  score: number | null;
  source: 'log' | 'import';
  /** For a visit whose clerk named the tasks it served: their keys (`rule/source_key`). */
  serves?: ReadonlySet<string>;
}

export interface PlanIssue {
  id: number;
  /** 'YYYY-MM-DD HH:mm' */
  raised_at: string;
  level: IssueLevel;
  confirmed_at: string | null;
  /** The last time it was reopened: the chase starts again from then. */
  reopened_at?: string | null;
}

export interface PlanContext {
  policy: Policy;
  calendar: WorkCalendar;
  today: IsoDate;
  /** Tasks due up to this date are planned ahead (the end of next month, SPEC §3.0). */
  horizonEnd: IsoDate;
  /** Who gets supervisor-assigned tasks; null when no supervisor is set up. */
  supervisor: string | null;
}

export type TaskOutcome =
  | { status: 'open' }
  | { status: 'done'; visit_id: number; date: IsoDate }
  | { status: 'missed'; date: IsoDate }
  | { status: 'cancelled'; reason: string; date: IsoDate };

/** Why a task has its dates, for `due --explain`. */
export interface TaskBasis {
  /** What the dates count from: a visit, an event, the start of cooperation… */
  from: 'visit' | 'imported_visit' | 'since' | 'created' | 'event' | 'previous_due' | 'transaction' | 'issue' | 'first_contact';
  date: IsoDate;
  /** The event type or ref, the visit id… */
  detail?: string;
  offset: Offset;
}

export interface PlannedTask {
  rule: string;
  source_key: string;
  channel: Channel;
  due_on: IsoDate;
  deadline: IsoDate;
  window_opens: IsoDate;
  assigned_to: string | null;
  event_id: number | null;
  issue_id: number | null;
  origin_visit_id: number | null;
  outcome: TaskOutcome;
  basis: TaskBasis;
}

export const taskKey = (rule: string, sourceKey: string) => `${rule}/${sourceKey}`;
