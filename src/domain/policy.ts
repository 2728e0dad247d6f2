// The follow-up policy (SPEC §3): the shape of the document and its defaults, all in one place.

/** A customer tier and the least annual purchase (yuan) that earns it [002 §8]. */
export interface TierRule {
  tier: string;
  min_annual_purchase: number;
}

export interface Policy {
  version: 1;
  /** Highest tier first; a customer gets the first tier whose minimum the amount reaches. */
  tiers: TierRule[];
  /** Tier of a customer with neither an explicit tier nor an amount. */
  default_tier: string;
}

export function defaultPolicy(): Policy {
  return {
    version: 1,
    tiers: [
      { tier: 'A', min_annual_purchase: 5_000_000 },
      { tier: 'B', min_annual_purchase: 1_000_000 },
      { tier: 'C', min_annual_purchase: 0 },
    ],
    default_tier: 'C',
  };
}

export function tierNames(policy: Policy): string[] {
  return policy.tiers.map((t) => t.tier);
}
