// The first-contact spread of long-neglected customers (SPEC §3.0): even per owner, tier A first, order-free.
import { describe, expect, it } from 'vitest';
import { WorkCalendar } from '../../src/domain/calendar.js';
import { officialCalendar } from '../../src/domain/official-calendar.js';
import { spreadFirstContacts, type CohortMember } from '../../src/domain/onboarding.js';
import { firstContactDates } from '../../src/domain/planner.js';
import { defaultPolicy } from '../../src/domain/policy.js';
import { seededRandom } from '../../src/domain/sample.js';

const calendar = new WorkCalendar(officialCalendar());
const policy = defaultPolicy();

/** 50 customers per owner, tiers A:B:C = 10:15:25, all since 2019, recorded Monday 2026-11-23. */
function cohort(): CohortMember[] {
  const out: CohortMember[] = [];
  for (const owner of ['王芳', '李娜']) {
    for (let i = 0; i < 50; i++) {
      out.push({
        id: out.length + 1,
        code: `${owner === '王芳' ? 'W' : 'L'}${String(i).padStart(3, '0')}`,
        tier: i < 10 ? 'A' : i < 25 ? 'B' : 'C',
        tags: [],
        status: 'active',
        since: '2019-03-01',
        created_on: '2026-11-23',
        owner,
        history: { any: false, onsite: false },
      });
    }
  }
  return out;
}

const dueOf = (m: CohortMember, slots: ReturnType<typeof spreadFirstContacts>) =>
  firstContactDates(m.created_on, slots.get(m.id), policy, calendar).due;

describe('spreadFirstContacts', () => {
  it('gives each owner an even daily load over the 20 working days, tier A first', () => {
    const members = cohort();
    const slots = spreadFirstContacts(members, policy, calendar);
    for (const owner of ['王芳', '李娜']) {
      const mine = members.filter((m) => m.owner === owner);
      const perDay = new Map<string, number>();
      for (const m of mine) perDay.set(dueOf(m, slots), (perDay.get(dueOf(m, slots)) ?? 0) + 1);
      // 50 customers over 20 working days (11-24 … 12-21): 2 or 3 a day, every day used.
      expect(perDay.size).toBe(20);
      expect(Math.min(...perDay.values())).toBeGreaterThanOrEqual(2);
      expect(Math.max(...perDay.values())).toBeLessThanOrEqual(3);
      expect([...perDay.keys()].sort()[0]).toBe('2026-11-24');
      expect([...perDay.keys()].sort()[19]).toBe('2026-12-21');
      // Every tier A customer is called no later than any tier B one, every B no later than any C.
      const last = (tier: string) => mine.filter((m) => m.tier === tier).map((m) => dueOf(m, slots)).sort().at(-1) as string;
      const first = (tier: string) => mine.filter((m) => m.tier === tier).map((m) => dueOf(m, slots)).sort()[0] as string;
      expect(last('A') <= first('B')).toBe(true);
      expect(last('B') <= first('C')).toBe(true);
    }
  });

  it('does not depend on the order the customers come in', () => {
    const members = cohort();
    const a = spreadFirstContacts(members, policy, calendar);
    const random = seededRandom(7);
    const shuffled = [...members].sort(() => random() - 0.5);
    expect(spreadFirstContacts(shuffled, policy, calendar)).toEqual(a);
  });

  it('leaves out customers with a reached visit in their history, lost ones, and those not yet due', () => {
    const [a, b, c, d] = cohort();
    const slots = spreadFirstContacts(
      [
        { ...(a as CohortMember), history: { any: true, onsite: false } },
        { ...(b as CohortMember), status: 'lost' },
        { ...(c as CohortMember), tier: 'C', since: '2026-06-01' }, // 06-01 + 6 months = 12-01, still ahead
        d as CohortMember,
      ],
      policy,
      calendar,
    );
    // a is tier A: its on-site rule (every 6 months, no on-site history) still wants a first contact.
    expect([...slots.keys()].sort()).toEqual([a?.id, d?.id]);
    expect([...slots.values()].map((x) => x.size)).toEqual([2, 2]);
  });
});
