// Which contact a clerk dials (SPEC §3.4): a number flagged wrong is never dialled until it is corrected.
export interface ContactFact {
  id: number;
  name: string;
  phone: string | null;
  is_primary: 0 | 1;
  needs_correction: 0 | 1;
}

export type ContactChoice<C extends ContactFact> =
  /** Dial this one: the primary contact when its number is usable, else the oldest usable one. */
  | { kind: 'dial'; contact: C }
  /** Every number the customer has was flagged wrong: the customer waits under "numbers to correct". */
  | { kind: 'correct'; contact: C }
  /** No number at all (never given): nothing to correct, the clerk uses another channel. */
  | { kind: 'none' };

/** Primary first, then in the order the contacts were recorded. */
function preferred<C extends ContactFact>(contacts: readonly C[]): C[] {
  return [...contacts].sort((a, b) => b.is_primary - a.is_primary || a.id - b.id);
}

const usable = (c: ContactFact) => Boolean(c.phone) && c.needs_correction === 0;

/** The one rule behind `due`, `log` and `customer show` for the contact to dial. */
export function contactToDial<C extends ContactFact>(contacts: readonly C[]): ContactChoice<C> {
  const ordered = preferred(contacts);
  const dial = ordered.find(usable);
  if (dial) return { kind: 'dial', contact: dial };
  const flagged = ordered.find((c) => c.needs_correction === 1);
  return flagged ? { kind: 'correct', contact: flagged } : { kind: 'none' };
}

/**
 * Whom a visit reached, for a re-check call or a report line: the contact the visit names, else the
 * one a clerk would dial (a flagged one when none is usable, so the line still says who it was).
 */
export function contactOfVisit<C extends ContactFact>(contactId: number | null, contacts: readonly C[]): C | undefined {
  const own = contactId === null ? undefined : contacts.find((c) => c.id === contactId);
  if (own) return own;
  const choice = contactToDial(contacts);
  return choice.kind === 'none' ? preferred(contacts)[0] : choice.contact;
}
