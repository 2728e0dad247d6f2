// A reproducible random sample (audit re-verification, SPEC §3.9): the same seed draws the same visits.

/** mulberry32: small, fast and good enough to pick which calls to re-verify. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed from text (the month), so `audit sample` without --seed is reproducible too. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** ceil(rate × n) items, at least one when there is any, chosen by a seeded Fisher–Yates shuffle. */
export function sample<T>(items: readonly T[], rate: number, seed: number): T[] {
  if (items.length === 0) return [];
  const n = Math.min(items.length, Math.max(1, Math.ceil(rate * items.length)));
  const pool = [...items];
  const random = seededRandom(seed);
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
  }
  return pool.slice(0, n);
}
