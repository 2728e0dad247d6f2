// Tier from annual purchase (SPEC §3.1, [002 §8]): A ≥ 5,000,000; B 1,000,000–4,999,999; C below.
import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../src/domain/policy.js';
import { decideTier, tierForAmount } from '../../src/domain/tier.js';

const policy = defaultPolicy();

describe('tierForAmount (SPEC §3.1 thresholds)', () => {
  it.each([
    [5_000_000, 'A'],
    [4_999_999, 'B'],
    [1_000_000, 'B'],
    [999_999, 'C'],
    [0, 'C'],
  ])('%d yuan → %s', (amount, tier) => expect(tierForAmount(amount, policy)).toBe(tier));
});

describe('decideTier', () => {
  it('an explicit tier wins over the amount (SPEC §3.1)', () => {
    expect(decideTier('C', 9_000_000, undefined, policy)).toEqual({ tier: 'C', source: 'explicit' });
  });
  it('without a tier, the amount decides', () => {
    expect(decideTier(null, 1_200_000, undefined, policy)).toEqual({ tier: 'B', source: 'amount' });
  });
  it('with neither, an existing customer keeps its tier and a new one gets the default', () => {
    expect(decideTier(undefined, undefined, { tier: 'A', source: 'explicit' }, policy)).toEqual({ tier: 'A', source: 'explicit' });
    expect(decideTier(undefined, undefined, undefined, policy)).toEqual({ tier: 'C', source: 'default' });
  });
});
