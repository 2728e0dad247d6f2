// Long-neglected customers (SPEC §3.0): their first contacts spread over the first working days after they were recorded.
import type { WorkCalendar } from './calendar.js';
import { isFirstContact, sampleFraction, type FirstContactSlot, type PlanCustomer } from './planner.js';
import type { Policy } from './policy.js';
import { UNCONTACTABLE_STATUSES } from './vocabulary.js';

/** What the spread needs to know of a customer: whether the imported history holds a reached visit. */
export interface CohortMember extends PlanCustomer {
  /** A reached visit in the imported history; `onsite`: one made on site. */
  history: { any: boolean; onsite: boolean };
}

/** Whether a customer takes part in the spread: a first contact under at least one periodic rule. */
export function isLongNeglected(m: CohortMember, policy: Policy, calendar: WorkCalendar): boolean {
  if (UNCONTACTABLE_STATUSES.includes(m.status)) return false;
  return policy.rules.some(
    (r) => r.kind === 'periodic' && r.enabled && !(r.channel === 'onsite' ? m.history.onsite : m.history.any) && isFirstContact(r, m, calendar),
  );
}

/**
 * Deals out the long-neglected customers of each owner recorded on the same day over the window:
 * tier A first (the policy's tier order), then by a stable hash of the code, so the daily load is
 * even and does not depend on the order the customers were imported in.
 */
export function spreadFirstContacts(members: Iterable<CohortMember>, policy: Policy, calendar: WorkCalendar): Map<number, FirstContactSlot> {
  const rank = new Map(policy.tiers.map((t, i) => [t.tier, i]));
  // Only what the order needs is kept: the members may be a whole store's customers streamed by.
  const groups = new Map<string, { id: number; code: string; rank: number; hash: number }[]>();
  for (const m of members) {
    if (!isLongNeglected(m, policy, calendar)) continue;
    const key = `${m.owner ?? ''}\u001f${m.created_on}`;
    const list = groups.get(key) ?? [];
    list.push({ id: m.id, code: m.code, rank: rank.get(m.tier) ?? rank.size, hash: sampleFraction(m.code) });
    groups.set(key, list);
  }
  const slots = new Map<number, FirstContactSlot>();
  for (const list of groups.values()) {
    list.sort((a, b) => a.rank - b.rank || a.hash - b.hash || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    list.forEach(({ id }, index) => slots.set(id, { index, size: list.length }));
  }
  return slots;
}
