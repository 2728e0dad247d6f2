// The follow-up policy (SPEC §3): the shape of the document and every default, in one place.
import type { Channel, IssueCategory, IssueLevel } from './vocabulary.js';

/** A customer tier and the least annual purchase (yuan) that earns it [002 §8]. */
export interface TierRule {
  tier: string;
  min_annual_purchase: number;
}

/** A distance in time: calendar days and months, or working days on the calendar of SPEC §3.5. */
export interface Offset {
  days?: number;
  months?: number;
  working_days?: number;
}

/** Which customers a rule applies to; every listed condition must hold (an empty selector: everyone). */
export interface Selector {
  tiers?: string[];
  tags?: string[];
  statuses?: string[];
}

export interface Text {
  zh: string;
  en: string;
}

interface RuleBase {
  id: string;
  purpose: Text;
  channel: Channel;
  enabled: boolean;
  /** The task's window opens this many days before its due date (SPEC §3.0). */
  early_days: number;
  /** Who gets the task: the customer's owner, or the supervisor when one is set up. */
  assign_to: 'owner' | 'supervisor';
}

/** Routine and on-site cadences: one open task per customer, the next planned when it is done. */
export interface PeriodicRule extends RuleBase {
  kind: 'periodic';
  /** Candidate intervals; of those whose selector matches the customer, the shortest applies. */
  intervals: { when: Selector; every: Offset }[];
  /** Days after the due date that still count as on time (SPEC §3.1: 7). */
  grace_days: number;
  /** last_contact: from the visit that did the previous task; fixed: from the previous due date. */
  count_from: 'last_contact' | 'fixed';
}

/** One task per matching event: due and deadline offsets from the event date (SPEC §3.2). */
export interface EventRule extends RuleBase {
  kind: 'event';
  on: string[];
  due: Offset;
  deadline: Offset;
  /** Deterministic share of events followed up (0–1), by a hash of the event (SPEC §3.2). */
  share: number;
  /** before: a reminder that must come before its event: moves to the previous working day. */
  timing: 'after' | 'before';
  /** The window opens at the event itself instead of `early_days` before the due date. */
  window_from_event: boolean;
  when?: Selector;
}

export type Rule = PeriodicRule | EventRule;

export interface IssueSla {
  respond_hours: number;
  /** Planning deadline (制定方案), where the seed sets one. */
  plan_working_days?: number;
  plan_hours?: number;
  resolve_hours?: number;
  resolve_working_days?: number;
}

export interface UrgencyWeights {
  /** A follow-up of an urgent issue: large enough to put it first (SPEC §3.6). */
  urgent_issue: number;
  /** Per day overdue, up to overdue_cap_days. */
  overdue_per_day: number;
  overdue_cap_days: number;
  /** Per tier; a tier not listed counts 0. */
  tier: Record<string, number>;
  /** Extra weight per rule id (callbacks after complaints and low scores matter more). */
  rule: Record<string, number>;
  escalated: number;
  /** Each further task on the same call adds a little. */
  extra_task: number;
}

export interface Policy {
  version: 1;
  /** Highest tier first; a customer gets the first tier whose minimum the amount reaches. */
  tiers: TierRule[];
  /** Tier of a customer with neither an explicit tier nor an amount. */
  default_tier: string;
  rules: Rule[];
  /** Relationship rules (SPEC §3.3). */
  dormancy: {
    enabled: boolean;
    after: Offset;
    transaction_types: string[];
    purpose: Text;
    channel: Channel;
    early_days: number;
    grace_days: number;
  };
  lifecycle: { new_for: Offset };
  /** Long-neglected customers get their first contact within this many working days of being recorded (SPEC §3.0). */
  onboarding_working_days: number;
  greetings: { birthdays: boolean; festivals: string[]; channel: Channel };
  low_score: {
    enabled: boolean;
    max_score: number;
    due_working_days: number;
    deadline_working_days: number;
    purpose: Text;
    channel: Channel;
  };
  /** Failed calls (SPEC §3.4). */
  retry: {
    no_answer_working_days: number;
    busy_working_days: number;
    left_message_working_days: number;
    max_attempts: number;
  };
  escalation: { overdue_working_days: number };
  issues: {
    sla: Record<IssueLevel, IssueSla> & Partial<Record<IssueCategory, IssueSla>> & { default: IssueSla };
    followup_every_working_days: number;
    followup_purpose: Text;
  };
  call_hours: { days: number[]; periods: [string, string][] };
  urgency: UrgencyWeights;
  /** Targets reports mark as met or missed (SPEC §3.8). */
  targets: {
    coverage: number;
    satisfaction: number;
    on_time: number;
    response_in_sla: number;
    resolution_in_sla: number;
    conversion: number;
    weekly_calls_per_clerk: number;
  };
  /** How the report weighs and shows its figures (SPEC §3.8). */
  report: {
    /** The staff scorecard [002 §21]: the weight of completion, issue resolution and satisfaction. */
    scorecard: { completion: number; resolution: number; satisfaction: number };
    /** A clerk whose completion is below this is flagged on the scorecard [002 §23]. */
    completion_flag_below: number;
    /** A reached visit converts when an order or sale follows within this many days [002 §14]. */
    conversion_days: number;
    /** Months of the terminal trend, the report's month last (at most 10: they fit 80 columns). */
    trend_months: number;
    /** Low-score calls listed in the table and JSON; the others are counted (`--csv --detail` has every call). */
    low_score_list: number;
  };
}

const months = (n: number): Offset => ({ months: n });
const days = (n: number): Offset => ({ days: n });

export function defaultPolicy(): Policy {
  return {
    version: 1,
    tiers: [
      { tier: 'A', min_annual_purchase: 5_000_000 },
      { tier: 'B', min_annual_purchase: 1_000_000 },
      { tier: 'C', min_annual_purchase: 0 },
    ],
    default_tier: 'C',
    rules: [
      {
        // [002 §8]: A monthly, B quarterly, C every six months.
        id: 'routine',
        kind: 'periodic',
        purpose: { zh: '例行回访', en: 'routine follow-up' },
        channel: 'phone',
        enabled: true,
        early_days: 7,
        assign_to: 'owner',
        intervals: [
          { when: { tiers: ['A'] }, every: months(1) },
          { when: { tiers: ['B'] }, every: months(3) },
          { when: { tiers: ['C'] }, every: months(6) },
        ],
        grace_days: 7,
        count_from: 'last_contact',
      },
      {
        // [000 #3 §6, 001 西科 §2]: A at least twice a year, key accounts every quarter.
        id: 'onsite',
        kind: 'periodic',
        purpose: { zh: '上门拜访（需签字）', en: 'on-site visit (signature required)' },
        channel: 'onsite',
        enabled: true,
        early_days: 14,
        assign_to: 'owner',
        intervals: [
          { when: { tiers: ['A'] }, every: months(6) },
          { when: { tags: ['key'] }, every: months(3) },
        ],
        grace_days: 7,
        count_from: 'last_contact',
      },
      eventRule('first_call', ['delivery', 'sale'], months(1), months(1), 1, {
        zh: '送货后首次回访：使用情况、操作培训',
        en: 'first call after delivery: usage, training',
      }, { window_from_event: true }),
      eventRule('second_call', ['delivery', 'sale'], months(3), months(3), 1, {
        zh: '送货后第二次回访：疑问与建议',
        en: 'second call after delivery: questions, suggestions',
      }),
      eventRule('third_call', ['delivery', 'sale'], months(6), months(6), 1, {
        zh: '送货后第三次回访：耗材与转介绍',
        en: 'third call after delivery: consumables, referrals',
      }),
      eventRule('complaint_callback', ['complaint_resolved'], { working_days: 1 }, days(3), 1, {
        zh: '投诉处理结果满意度回访',
        en: 'callback on how the complaint was handled',
      }, { window_from_event: true }),
      eventRule('repair_callback', ['repair_done'], days(7), months(1), 0.3, {
        zh: '维修后回访',
        en: 'callback after repair',
      }),
      eventRule('discharge_call', ['discharge'], days(2), days(3), 1, {
        zh: '出院回访：康复情况',
        en: 'call after discharge: recovery',
      }, { window_from_event: true }),
      eventRule('appointment_reminder', ['appointment'], days(-1), days(-1), 1, {
        zh: '预约提醒',
        en: 'appointment reminder',
      }, { timing: 'before', early_days: 2 }),
      eventRule('care_visit', ['life_event'], days(0), days(3), 1, {
        zh: '关怀回访（五必访）',
        en: 'care visit after a life event',
      }, { window_from_event: true }),
      eventRule('adhoc', ['expansion', 'upgrade', 'complaint'], days(0), days(2), 1, {
        zh: '重大事项专项回访（48 小时内）',
        en: 'ad-hoc visit after a major event (within 48 h)',
      }, { window_from_event: true }),
    ],
    dormancy: {
      enabled: true,
      after: months(6),
      transaction_types: ['order', 'sale', 'delivery'],
      purpose: { zh: '休眠客户唤醒：了解合作意向', en: 'wake-up call for a dormant customer' },
      channel: 'phone',
      early_days: 7,
      grace_days: 7,
    },
    lifecycle: { new_for: months(12) },
    onboarding_working_days: 20,
    greetings: {
      birthdays: true,
      festivals: ['new_year', 'spring', 'lantern', 'labour', 'dragon_boat', 'mid_autumn', 'national'],
      channel: 'sms',
    },
    low_score: {
      enabled: true,
      max_score: 3,
      due_working_days: 1,
      deadline_working_days: 2,
      purpose: { zh: '不满意回访：了解原因并跟进', en: 'callback after a low satisfaction score' },
      channel: 'phone',
    },
    retry: { no_answer_working_days: 1, busy_working_days: 1, left_message_working_days: 2, max_attempts: 3 },
    escalation: { overdue_working_days: 5 },
    issues: {
      sla: {
        urgent: { respond_hours: 1, resolve_hours: 24 },
        important: { respond_hours: 24, plan_working_days: 5, resolve_working_days: 7 },
        general: { respond_hours: 24, resolve_working_days: 3 },
        followup: { respond_hours: 12, plan_hours: 48, resolve_working_days: 7 },
        default: { respond_hours: 24, resolve_working_days: 7 },
      },
      followup_every_working_days: 3,
      followup_purpose: { zh: '问题跟踪：确认处理结果', en: 'issue follow-up: confirm the result' },
    },
    call_hours: {
      days: [1, 2, 3, 4, 5],
      periods: [
        ['10:00', '11:30'],
        ['15:00', '17:00'],
      ],
    },
    urgency: {
      urgent_issue: 100,
      overdue_per_day: 1,
      overdue_cap_days: 60,
      tier: { A: 3, B: 2, C: 1 },
      rule: { complaint_callback: 2, low_score_callback: 2, issue_followup: 2, adhoc: 2 },
      escalated: 2,
      extra_task: 0.1,
    },
    targets: {
      coverage: 0.98,
      satisfaction: 4.8,
      on_time: 0.95,
      response_in_sla: 1,
      resolution_in_sla: 1,
      conversion: 0.15,
      weekly_calls_per_clerk: 18,
    },
    report: {
      scorecard: { completion: 0.4, resolution: 0.3, satisfaction: 0.3 },
      completion_flag_below: 0.9,
      conversion_days: 90,
      trend_months: 6,
      low_score_list: 20,
    },
  };
}

function eventRule(
  id: string,
  on: string[],
  due: Offset,
  deadline: Offset,
  share: number,
  purpose: Text,
  extra: Partial<Pick<EventRule, 'timing' | 'window_from_event' | 'early_days'>> = {},
): EventRule {
  return {
    id,
    kind: 'event',
    purpose,
    channel: 'phone',
    enabled: true,
    early_days: extra.early_days ?? 7,
    assign_to: 'owner',
    on,
    due,
    deadline,
    share,
    timing: extra.timing ?? 'after',
    window_from_event: extra.window_from_event ?? false,
  };
}

/**
 * A stored or imported document with the settings added since version 1 filled from the defaults,
 * so a policy exported by an earlier release still loads and imports.
 */
export function withDefaults<T>(doc: T): T {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return doc;
  const defaults = defaultPolicy();
  return { onboarding_working_days: defaults.onboarding_working_days, report: defaults.report, ...doc };
}

export function tierNames(policy: Policy): string[] {
  return policy.tiers.map((t) => t.tier);
}

/** Ids that are rules of the plan but not listed in `rules` (they have settings of their own). */
export const BUILT_IN_RULE_IDS = ['wake_up', 'low_score_callback', 'issue_followup', 'greeting'] as const;

/** The purpose of a rule in the user's language (tasks store the Chinese text as planned). */
export function purposeText(policy: Policy, rule: string, lang: 'zh' | 'en', stored?: string): string {
  const r = policy.rules.find((x) => x.id === rule);
  const text =
    r?.purpose ??
    (rule === 'wake_up'
      ? policy.dormancy.purpose
      : rule === 'low_score_callback'
        ? policy.low_score.purpose
        : rule === 'issue_followup'
          ? policy.issues.followup_purpose
          : undefined);
  return text ? text[lang] : (stored ?? rule);
}
