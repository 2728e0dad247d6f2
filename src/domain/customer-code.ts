// Customer codes as typed (SPEC §4): compared ignoring case and full-width forms, so ＫＨ９００２, kh9002 and KH9002 are one customer.

/** The one spelling a code is stored and looked up under: full-width forms folded (NFKC), trimmed, upper case. */
export function normalizeCode(text: string): string {
  return text.normalize('NFKC').trim().toUpperCase();
}

/**
 * Order of codes (and ISO dates): by code point, as both stores sort text (SQLite's BINARY, PostgreSQL's
 * COLLATE "C"), so a list sorted here and one sorted by the store agree. Not localeCompare: its ICU
 * collator costs 9 ms to load on every `due` (CPU profile, 100k bench store), and it would order
 * punctuation in codes differently from the store.
 */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
