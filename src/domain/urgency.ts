// The urgency score of a call (SPEC §3.6), in the spirit of taskwarrior's: named, weighted, explainable terms.
import type { Policy } from './policy.js';

export interface UrgencyInput {
  rule: string;
  tier: string;
  overdue_days: number;
  escalated: boolean;
  /** The level of the issue a follow-up chases, if any. */
  issue_level: string | null;
}

export interface UrgencyTerm {
  /** Term name, as in the policy's `urgency` weights. */
  name: 'urgent_issue' | 'overdue' | 'tier' | 'rule' | 'escalated' | 'extra_task';
  value: number;
  /** e.g. '12 days × 1' — shown by `due --explain`. */
  detail: string;
}

export function taskUrgency(t: UrgencyInput, policy: Policy): { score: number; terms: UrgencyTerm[] } {
  const w = policy.urgency;
  const terms: UrgencyTerm[] = [];
  if (t.rule === 'issue_followup' && t.issue_level === 'urgent') {
    terms.push({ name: 'urgent_issue', value: w.urgent_issue, detail: `${w.urgent_issue}` });
  }
  if (t.overdue_days > 0) {
    const days = Math.min(t.overdue_days, w.overdue_cap_days);
    terms.push({ name: 'overdue', value: days * w.overdue_per_day, detail: `${days} × ${w.overdue_per_day}` });
  }
  const tier = w.tier[t.tier] ?? 0;
  if (tier) terms.push({ name: 'tier', value: tier, detail: t.tier });
  const rule = w.rule[t.rule] ?? 0;
  if (rule) terms.push({ name: 'rule', value: rule, detail: t.rule });
  if (t.escalated && w.escalated) terms.push({ name: 'escalated', value: w.escalated, detail: `${w.escalated}` });
  return { score: round(terms.reduce((s, x) => s + x.value, 0)), terms };
}

/** A customer's score: its most urgent task, plus a little for each further task the same call serves. */
export function customerUrgency(taskScores: readonly number[], policy: Policy): { score: number; extra: UrgencyTerm | null } {
  const best = Math.max(...taskScores);
  const more = taskScores.length - 1;
  if (more <= 0) return { score: round(best), extra: null };
  const value = more * policy.urgency.extra_task;
  return {
    score: round(best + value),
    extra: { name: 'extra_task', value: round(value), detail: `${more} × ${policy.urgency.extra_task}` },
  };
}

const round = (n: number) => Math.round(n * 100) / 100;
