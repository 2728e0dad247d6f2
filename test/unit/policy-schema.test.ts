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
});
