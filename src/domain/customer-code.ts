// Customer codes as typed (SPEC §4): compared ignoring case and full-width forms, so ＫＨ９００２, kh9002 and KH9002 are one customer.

/** The one spelling a code is stored and looked up under: full-width forms folded (NFKC), trimmed, upper case. */
export function normalizeCode(text: string): string {
  return text.normalize('NFKC').trim().toUpperCase();
}
