// Policy validation (SPEC §2 "validated on import"): the defaults pass, and every problem is listed at once.
import { describe, expect, it } from 'vitest';
import { checkPolicy } from '../../src/domain/policy-schema.js';
import { defaultPolicy } from '../../src/domain/policy.js';

describe('checkPolicy', () => {
  it('accepts the default policy', () => {
    expect(checkPolicy(defaultPolicy(), 'en').problems).toEqual([]);
  });

  it('lists shape problems and cross-field problems together, each with its path', () => {
    const p = defaultPolicy() as unknown as Record<string, any>;
    p.default_tier = 'Z';
    p.rules[1].channel = 'fax';
    p.rules[2].id = 'routine';
    p.tiers[0].min_annual_purchase = -1;
    p.targets.coverage = 98; // a percentage where a fraction belongs
    const { policy, problems } = checkPolicy(p, 'en');
    expect(policy).toBeUndefined();
    const paths = problems.map((x) => x.split(':')[0]);
    expect(paths.sort()).toEqual(['default_tier', 'rules.1.channel', 'rules.2.id', 'targets.coverage', 'tiers.0.min_annual_purchase']);
  });

  it('speaks Chinese when asked', () => {
    const p = defaultPolicy() as unknown as Record<string, any>;
    p.version = 2;
    expect(checkPolicy(p, 'zh').problems[0]).toMatch(/^version: .*[\u4e00-\u9fff]/);
  });

  it('rejects nonsense numbers and unknown names, all at once (issue 9 point 5)', () => {
    const p = defaultPolicy() as unknown as Record<string, any>;
    p.rules[0].intervals[2].every = { months: -3 }; // tier C routine: would plan before the customer existed
    p.rules[1].intervals[0].every = { days: 0 };
    p.rules[2].deadline = { days: 10 }; // first call: due +1 month, deadline +10 days
    p.rules[3].channel = 'pigeon';
    p.rules[4].when = { tiers: ['Q'] };
    p.dormancy.after = { months: 0 };
    p.retry.no_answer_working_days = 0;
    p.urgency.rule.no_such_rule = 2;
    p.urgency.tier.Z = 1;
    p.urgency.overdue_per_day = -1;
    p.issues.sla.urgnet = { respond_hours: 1 };
    p.targets.on_time = 1.5;
    p.onboarding_working_days = 0;
    p.call_hours.periods[0] = ['11:30', '10:00'];
    p.tiers[2].min_annual_purchase = 2_000_000; // C above B: nobody would ever be C
    const { policy, problems } = checkPolicy(p, 'en');
    expect(policy).toBeUndefined();
    expect(problems.map((x) => x.split(':')[0]).sort()).toEqual(
      [
        'call_hours.periods.0',
        'dormancy.after',
        'issues.sla.urgnet',
        'onboarding_working_days',
        'retry.no_answer_working_days',
        'rules.0.intervals.2.every',
        'rules.1.intervals.0.every',
        'rules.2.deadline',
        'rules.3.channel',
        'rules.4.when.tiers.0',
        'targets.on_time',
        'tiers.2.min_annual_purchase',
        'urgency.overdue_per_day',
        'urgency.rule.no_such_rule',
        'urgency.tier.Z',
      ].sort(),
    );
    expect(problems).toContain('rules.0.intervals.2.every: an interval must be longer than zero (no negative parts)');
    expect(checkPolicy(p, 'zh').problems).toContain('rules.2.deadline: 截止日期早于应访日期');
  });

  it('fills a setting added since version 1 (onboarding_working_days) from the defaults', () => {
    const p = defaultPolicy() as unknown as Record<string, unknown>;
    delete p.onboarding_working_days;
    expect(checkPolicy(p, 'en').policy?.onboarding_working_days).toBe(20);
  });

  it('the report settings (issue 11 §3): filled from the defaults in an older document, checked in a new one', () => {
    const old = defaultPolicy() as unknown as Record<string, unknown>;
    delete old.report;
    expect(checkPolicy(old, 'en').policy?.report).toEqual({
      scorecard: { completion: 0.4, resolution: 0.3, satisfaction: 0.3 }, // [002 §21]
      completion_flag_below: 0.9, // [002 §23]
      conversion_days: 90, // [002 §14]
      trend_months: 6,
      low_score_list: 20,
    });
    const p = defaultPolicy() as unknown as Record<string, any>;
    p.report.scorecard = { completion: 0, resolution: 0, satisfaction: 0 };
    p.report.trend_months = 11; // more than fit in 80 columns
    p.report.conversion_days = 0;
    const { problems } = checkPolicy(p, 'en');
    expect(problems.map((x) => x.split(':')[0]).sort()).toEqual(['report.conversion_days', 'report.scorecard', 'report.trend_months']);
    expect(problems).toContain('report.scorecard: at least one weight must be above zero');
  });
});
