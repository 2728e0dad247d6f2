// Validation of a policy document (SPEC §2 "policy … validated on import"): every problem as `path: message`.
import { z } from 'zod';
import { translator, type MessageKey } from '../i18n/index.js';
import { approximateDays } from './offsets.js';
import { BUILT_IN_RULE_IDS, withDefaults, type Offset, type Policy } from './policy.js';
import { CHANNELS, CUSTOMER_STATUSES, ISSUE_CATEGORIES, ISSUE_LEVELS } from './vocabulary.js';

/** A message of the catalogues: custom problems carry their key, checkPolicy translates them. */
const msg = (key: MessageKey) => ({ message: key });

const offset = z
  .strictObject({ days: z.number().int().optional(), months: z.number().int().optional(), working_days: z.number().int().optional() })
  .refine((o) => o.days !== undefined || o.months !== undefined || o.working_days !== undefined, msg('policy.check.offsetEmpty'));
/** A repeating interval (every…, after…): a negative or zero one would plan before its start. */
const interval = offset.refine(
  (o: Offset) => (o.days ?? 0) >= 0 && (o.months ?? 0) >= 0 && (o.working_days ?? 0) >= 0 && approximateDays(o) > 0,
  msg('policy.check.notPositive'),
);
const text = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
const channel = z.enum(CHANNELS);
const selector = z.strictObject({
  tiers: z.array(z.string()).optional(),
  tags: z.array(z.string()).optional(),
  statuses: z.array(z.enum(CUSTOMER_STATUSES)).optional(),
});
const ruleId = z.string().regex(/^[a-z][a-z0-9_]*$/, msg('policy.check.ruleId'));
/** Working days between tries, between chases: at least one. */
const workingDays = z.number().int().min(1);
const weight = z.number().min(0);
const base = {
  id: ruleId,
  purpose: text,
  channel,
  enabled: z.boolean(),
  early_days: z.number().int().min(0),
  assign_to: z.enum(['owner', 'supervisor']),
};
const periodic = z.strictObject({
  ...base,
  kind: z.literal('periodic'),
  intervals: z.array(z.strictObject({ when: selector, every: interval })).min(1),
  grace_days: z.number().int().min(0),
  count_from: z.enum(['last_contact', 'fixed']),
});
const event = z.strictObject({
  ...base,
  kind: z.literal('event'),
  on: z.array(z.string().min(1)).min(1),
  due: offset,
  deadline: offset,
  share: z.number().min(0).max(1),
  timing: z.enum(['after', 'before']),
  window_from_event: z.boolean(),
  when: selector.optional(),
});
const sla = z.strictObject({
  respond_hours: z.number().positive(),
  plan_working_days: z.number().int().positive().optional(),
  plan_hours: z.number().positive().optional(),
  resolve_hours: z.number().positive().optional(),
  resolve_working_days: z.number().int().positive().optional(),
});
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, msg('policy.check.hhmm'));
const fraction = z.number().min(0).max(1);

export const policySchema = z
  .strictObject({
    version: z.literal(1),
    tiers: z.array(z.strictObject({ tier: z.string().min(1), min_annual_purchase: z.number().min(0) })).min(1),
    default_tier: z.string().min(1),
    rules: z.array(z.discriminatedUnion('kind', [periodic, event])),
    dormancy: z.strictObject({
      enabled: z.boolean(),
      after: interval,
      transaction_types: z.array(z.string()),
      purpose: text,
      channel,
      early_days: z.number().int().min(0),
      grace_days: z.number().int().min(0),
    }),
    lifecycle: z.strictObject({ new_for: interval }),
    onboarding_working_days: z.number().int().min(1).max(250),
    greetings: z.strictObject({
      birthdays: z.boolean(),
      festivals: z.array(z.enum(['new_year', 'spring', 'lantern', 'labour', 'dragon_boat', 'mid_autumn', 'national'])),
      channel,
    }),
    low_score: z.strictObject({
      enabled: z.boolean(),
      max_score: z.number().int().min(1).max(5),
      due_working_days: z.number().int().min(0),
      deadline_working_days: z.number().int().min(0),
      purpose: text,
      channel,
    }),
    retry: z.strictObject({
      no_answer_working_days: workingDays,
      busy_working_days: workingDays,
      left_message_working_days: workingDays,
      max_attempts: z.number().int().min(1),
    }),
    escalation: z.strictObject({ overdue_working_days: z.number().int().min(0) }),
    issues: z.strictObject({
      sla: z.record(z.string(), sla),
      followup_every_working_days: workingDays,
      followup_purpose: text,
    }),
    call_hours: z.strictObject({
      days: z.array(z.number().int().min(0).max(6)),
      periods: z.array(z.tuple([hhmm, hhmm]).refine(([from, to]) => from < to, msg('policy.check.period'))),
    }),
    urgency: z.strictObject({
      urgent_issue: weight,
      overdue_per_day: weight,
      overdue_cap_days: z.number().int().min(0),
      tier: z.record(z.string(), weight),
      rule: z.record(z.string(), weight),
      escalated: weight,
      extra_task: weight,
    }),
    targets: z.strictObject({
      coverage: fraction,
      satisfaction: z.number().min(1).max(5),
      on_time: fraction,
      response_in_sla: fraction,
      resolution_in_sla: fraction,
      conversion: fraction,
      weekly_calls_per_clerk: z.number().int().min(0),
    }),
    report: z.strictObject({
      scorecard: z
        .strictObject({ completion: weight, resolution: weight, satisfaction: weight })
        .refine((w) => w.completion + w.resolution + w.satisfaction > 0, msg('policy.check.weightsZero')),
      completion_flag_below: fraction,
      conversion_days: z.number().int().min(1),
      trend_months: z.number().int().min(1).max(10),
      low_score_list: z.number().int().min(0),
    }),
  })
  .superRefine(
    (p, ctx) => {
      // Cross-field checks zod's shapes cannot say. They run even when the shapes found problems
      // (so every problem is listed at once), hence the care with what may be malformed.
      const problem = (path: (string | number)[], key: MessageKey, params: Record<string, string> = {}) =>
        ctx.addIssue({ code: 'custom', path, message: key, params });
      const tierList = Array.isArray(p.tiers) ? p.tiers : [];
      const tiers = new Set(tierList.map((t) => t?.tier));
      const known = [...tiers].join(', ');
      if (typeof p.default_tier === 'string' && tiers.size > 0 && !tiers.has(p.default_tier)) {
        problem(['default_tier'], 'policy.check.unknownTier', { tier: p.default_tier, known });
      }
      // A customer gets the first tier whose minimum it reaches: a later tier with a minimum as high is never given.
      const valid = (m: unknown): m is number => typeof m === 'number' && m >= 0; // a negative one is reported by its shape
      tierList.forEach((t, i) => {
        const prev = tierList[i - 1];
        if (i > 0 && valid(t?.min_annual_purchase) && valid(prev?.min_annual_purchase) && t.min_annual_purchase >= prev.min_annual_purchase) {
          problem(['tiers', i, 'min_annual_purchase'], 'policy.check.tierOrder');
        }
      });
      const unknownTiers = (list: unknown, path: (string | number)[]) => {
        if (!Array.isArray(list) || tiers.size === 0) return;
        list.forEach((tier, j) => {
          if (typeof tier === 'string' && !tiers.has(tier)) problem([...path, j], 'policy.check.unknownTier', { tier, known });
        });
      };
      const seen = new Set<string>();
      const rules = Array.isArray(p.rules) ? p.rules : [];
      rules.forEach((r, i) => {
        if (typeof r?.id !== 'string') return;
        if (seen.has(r.id)) problem(['rules', i, 'id'], 'policy.check.ruleTwice', { id: r.id });
        seen.add(r.id);
        if ((BUILT_IN_RULE_IDS as readonly string[]).includes(r.id)) problem(['rules', i, 'id'], 'policy.check.builtIn', { id: r.id });
        if (r.kind === 'periodic' && Array.isArray(r.intervals)) {
          r.intervals.forEach((iv, j) => unknownTiers(iv?.when?.tiers, ['rules', i, 'intervals', j, 'when', 'tiers']));
        }
        if (r.kind === 'event') {
          unknownTiers(r.when?.tiers, ['rules', i, 'when', 'tiers']);
          if (r.due && r.deadline && approximateDays(r.deadline) < approximateDays(r.due)) {
            problem(['rules', i, 'deadline'], 'policy.check.deadlineBeforeDue');
          }
        }
      });
      const ruleIds = new Set<string>([...seen, ...BUILT_IN_RULE_IDS]);
      for (const id of Object.keys(p.urgency?.rule ?? {})) {
        if (!ruleIds.has(id)) problem(['urgency', 'rule', id], 'policy.check.unknownRule', { id, known: [...ruleIds].join(', ') });
      }
      for (const tier of Object.keys(p.urgency?.tier ?? {})) {
        if (tiers.size > 0 && !tiers.has(tier)) problem(['urgency', 'tier', tier], 'policy.check.unknownTier', { tier, known });
      }
      const sla = p.issues?.sla;
      if (sla && typeof sla === 'object') {
        const names = new Set<string>([...ISSUE_LEVELS, ...ISSUE_CATEGORIES, 'default']);
        for (const level of ['urgent', 'important', 'general', 'default']) {
          if (!sla[level]) problem(['issues', 'sla', level], 'policy.check.missing');
        }
        for (const name of Object.keys(sla)) {
          if (!names.has(name)) problem(['issues', 'sla', name], 'policy.check.unknownSla', { name, known: [...names].join(', ') });
        }
      }
    },
    { when: () => true },
  );

/** Every problem of a policy document, as 'path: message' lines (empty when valid). */
export function checkPolicy(doc: unknown, lang: 'zh' | 'en'): { policy?: Policy; problems: string[] } {
  z.config(lang === 'zh' ? z.locales.zhCN() : z.locales.en());
  const r = policySchema.safeParse(withDefaults(doc));
  if (r.success) return { policy: r.data as Policy, problems: [] };
  const t = translator(lang);
  const text = (i: z.core.$ZodIssue) =>
    i.message.startsWith('policy.check.') ? t(i.message as MessageKey, (i as { params?: Record<string, string> }).params) : i.message;
  return {
    problems: r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${text(i)}`),
  };
}
