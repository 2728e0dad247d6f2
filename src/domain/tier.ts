// Customer tier: given explicitly, else derived from annual purchase (SPEC §3.1, [002 §8]).
import type { Policy } from './policy.js';

export type TierSource = 'explicit' | 'amount' | 'default';

export interface TierDecision {
  tier: string;
  source: TierSource;
}

/** The tier an annual purchase earns: the first tier (highest first) whose minimum it reaches. */
export function tierForAmount(amount: number, policy: Policy): string {
  const sorted = [...policy.tiers].sort((a, b) => b.min_annual_purchase - a.min_annual_purchase);
  for (const t of sorted) if (amount >= t.min_annual_purchase) return t.tier;
  return sorted[sorted.length - 1]?.tier ?? policy.default_tier;
}

/**
 * An explicit tier wins over the amount (SPEC §3.1). With neither, an existing customer keeps
 * the tier it has; a new one gets the policy's default tier.
 */
export function decideTier(
  explicit: string | null | undefined,
  amount: number | null | undefined,
  existing: TierDecision | undefined,
  policy: Policy,
): TierDecision {
  if (explicit) return { tier: explicit, source: 'explicit' };
  if (amount !== null && amount !== undefined) return { tier: tierForAmount(amount, policy), source: 'amount' };
  return existing ?? { tier: policy.default_tier, source: 'default' };
}
