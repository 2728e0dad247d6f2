// The issue state machine (SPEC §3.4): open → responded → resolved → confirmed, and reopened.
export type IssueStatus = 'open' | 'responded' | 'resolved' | 'confirmed' | 'reopened';
export type IssueAction = 'respond' | 'resolve' | 'confirm' | 'reopen';

/** Which statuses each action may start from. */
const FROM: Record<IssueAction, readonly IssueStatus[]> = {
  respond: ['open', 'reopened'],
  resolve: ['open', 'responded', 'reopened'],
  confirm: ['resolved'],
  reopen: ['resolved', 'confirmed'],
};

/** The status each action leads to. */
export const ISSUE_ACTION_TO: Readonly<Record<IssueAction, IssueStatus>> = { respond: 'responded', resolve: 'resolved', confirm: 'confirmed', reopen: 'reopened' };

/**
 * Why `action` at `at` ('YYYY-MM-DD HH:mm') cannot move an issue in `status` raised at `raisedAt`, or
 * null when it can: never from a status the action does not start from, never before it was raised.
 */
export function transitionProblem(status: IssueStatus, raisedAt: string, action: IssueAction, at: string): 'badTransition' | 'beforeRaised' | null {
  if (!FROM[action].includes(status)) return 'badTransition';
  if (at < raisedAt) return 'beforeRaised';
  return null;
}
