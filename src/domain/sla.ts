// Issue SLA deadlines (SPEC §3.4, [002 §13, §16]): clocks start when the issue is raised.
import type { WorkCalendar } from './calendar.js';
import { fromStampMinutes, stampMinutes } from './dates.js';
import type { IssueSla, Policy } from './policy.js';
import type { IssueCategory, IssueLevel } from './vocabulary.js';

/** 'YYYY-MM-DD HH:mm' plus whole hours, on the plain clock (hours run through nights and holidays). */
export function addHours(at: string, hours: number): string {
  return fromStampMinutes(stampMinutes(at) + Math.round(hours * 60));
}

/** n working days later, at the same time of day. */
export function addWorkingDaysAt(at: string, n: number, calendar: WorkCalendar): string {
  return `${calendar.addWorkdays(at.slice(0, 10), n)} ${at.slice(11, 16)}`;
}

export interface SlaDeadlines {
  respond_by: string;
  plan_by: string | null;
  resolve_by: string;
}

/** The SLA of an issue: its category's when one is set (a complaint about the follow-up), else its level's. */
export function slaFor(level: IssueLevel, category: IssueCategory, policy: Policy): IssueSla {
  const sla = policy.issues.sla;
  return sla[category] ?? sla[level] ?? sla.default;
}

export function slaDeadlines(raisedAt: string, level: IssueLevel, category: IssueCategory, policy: Policy, calendar: WorkCalendar): SlaDeadlines {
  const s = slaFor(level, category, policy);
  const by = (hours: number | undefined, workingDays: number | undefined): string | null =>
    hours !== undefined ? addHours(raisedAt, hours) : workingDays !== undefined ? addWorkingDaysAt(raisedAt, workingDays, calendar) : null;
  return {
    respond_by: addHours(raisedAt, s.respond_hours),
    plan_by: by(s.plan_hours, s.plan_working_days),
    // The general target [002 §14] when a level names no resolution time.
    resolve_by: by(s.resolve_hours, s.resolve_working_days) ?? addWorkingDaysAt(raisedAt, policy.issues.resolve_fallback_working_days, calendar),
  };
}
