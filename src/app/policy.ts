// Replacing the policy: save it and re-plan every customer in one transaction (a changed fact re-plans the future, never the past).
import type { IsoDate } from '../domain/dates.js';
import type { Policy } from '../domain/policy.js';
import { inWriteTransaction, type Db } from '../store/db.js';
import { markPlannedThrough, planContext, replan, type SyncCounts } from './plan-sync.js';
import { savePolicy } from '../store/policy-store.js';
import { requireStoreOwner } from './staff.js';

export function importPolicy(db: Db, policy: Policy, today: IsoDate): SyncCounts {
  // Only the store owner changes the rules everyone works by (SPEC §6); said before anything is written.
  requireStoreOwner(db);
  return inWriteTransaction(db, () => {
    savePolicy(db, policy, today);
    // See TaskWriter.reconcile for what a re-plan keeps (SPEC §3.0).
    const planCtx = planContext(db, today, policy);
    const counts = replan(db, 'all', planCtx);
    markPlannedThrough(db, planCtx);
    return counts;
  });
}
