// Validation of a policy document (SPEC §2 "policy … validated on import"): every problem as `path: message`.
import { z } from 'zod';
import { CHANNELS } from './vocabulary.js';
import type { Policy } from './policy.js';

const offset = z
  .strictObject({ days: z.number().int().optional(), months: z.number().int().optional(), working_days: z.number().int().optional() })
  .refine((o) => o.days !== undefined || o.months !== undefined || o.working_days !== undefined, {
    message: 'needs days, months or working_days',
  });
const text = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
const channel = z.enum(CHANNELS);
const selector = z.strictObject({
  tiers: z.array(z.string()).optional(),
  tags: z.array(z.string()).optional(),
  statuses: z.array(z.string()).optional(),
});
const ruleId = z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and _');
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
  intervals: z.array(z.strictObject({ when: selector, every: offset })).min(1),
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
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm');
const fraction = z.number().min(0).max(1);

export const policySchema = z
  .strictObject({
    version: z.literal(1),
    tiers: z.array(z.strictObject({ tier: z.string().min(1), min_annual_purchase: z.number().min(0) })).min(1),
    default_tier: z.string().min(1),
    rules: z.array(z.discriminatedUnion('kind', [periodic, event])),
    dormancy: z.strictObject({
      enabled: z.boolean(),
      after: offset,
      transaction_types: z.array(z.string()),
      purpose: text,
      channel,
      early_days: z.number().int().min(0),
      grace_days: z.number().int().min(0),
    }),
    lifecycle: z.strictObject({ new_for: offset }),
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
      no_answer_working_days: z.number().int().min(0),
      busy_working_days: z.number().int().min(0),
      left_message_working_days: z.number().int().min(0),
      max_attempts: z.number().int().min(1),
    }),
    escalation: z.strictObject({ overdue_working_days: z.number().int().min(0) }),
    issues: z.strictObject({
      sla: z.record(z.string(), sla),
      followup_every_working_days: z.number().int().min(1),
      followup_purpose: text,
    }),
    call_hours: z.strictObject({ days: z.array(z.number().int().min(0).max(6)), periods: z.array(z.tuple([hhmm, hhmm])) }),
    urgency: z.strictObject({
      urgent_issue: z.number(),
      overdue_per_day: z.number(),
      overdue_cap_days: z.number().int().min(0),
      tier: z.record(z.string(), z.number()),
      rule: z.record(z.string(), z.number()),
      escalated: z.number(),
      extra_task: z.number(),
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
  })
  .superRefine(
    (p, ctx) => {
      // Cross-field checks zod's shapes cannot say. They run even when the shapes found problems
      // (so every problem is listed at once), hence the care with what may be malformed.
      const tiers = new Set(Array.isArray(p.tiers) ? p.tiers.map((t) => t?.tier) : []);
      if (typeof p.default_tier === 'string' && tiers.size > 0 && !tiers.has(p.default_tier)) {
        ctx.addIssue({ code: 'custom', path: ['default_tier'], message: `not one of the tiers (${[...tiers].join(', ')})` });
      }
      const seen = new Set<string>();
      (Array.isArray(p.rules) ? p.rules : []).forEach((r, i) => {
        if (typeof r?.id !== 'string') return;
        if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `rule id ${r.id} is used twice` });
        seen.add(r.id);
        if (['wake_up', 'low_score_callback', 'issue_followup', 'greeting'].includes(r.id)) {
          ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `${r.id} is a built-in rule with settings of its own` });
        }
      });
      const sla = p.issues?.sla;
      if (sla && typeof sla === 'object') {
        for (const level of ['urgent', 'important', 'general', 'default']) {
          if (!sla[level]) ctx.addIssue({ code: 'custom', path: ['issues', 'sla', level], message: 'missing' });
        }
      }
    },
    { when: () => true },
  );

/** Every problem of a policy document, as 'path: message' lines (empty when valid). */
export function checkPolicy(doc: unknown, lang: 'zh' | 'en'): { policy?: Policy; problems: string[] } {
  z.config(lang === 'zh' ? z.locales.zhCN() : z.locales.en());
  const r = policySchema.safeParse(doc);
  if (r.success) return { policy: r.data as Policy, problems: [] };
  return {
    problems: r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`),
  };
}
