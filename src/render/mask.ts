// Masking phone numbers in JSON and exports (SPEC §5): 138****5678, 021-****1234; --reveal shows them.
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  // Already masked (a renderer masked it before the JSON pass): masking again would change its form.
  if (phone.includes('*')) return phone;
  if (/^1\d{10}$/.test(phone)) return `${phone.slice(0, 3)}****${phone.slice(7)}`;
  const m = /^(\d{3,4})-(\d+)(.*)$/.exec(phone);
  if (m) {
    const [, area = '', number = '', rest = ''] = m;
    return `${area}-${'*'.repeat(Math.max(0, number.length - 4))}${number.slice(-4)}${rest ? '-…' : ''}`;
  }
  return phone.length > 4 ? `${'*'.repeat(phone.length - 4)}${phone.slice(-4)}` : '****';
}

/** A phone as an output shows it: masked, unless the user asked for full numbers with --reveal. */
export function shownPhone(phone: string | null | undefined, reveal: boolean | undefined): string | null {
  if (phone === null || phone === undefined || phone === '') return phone ?? null;
  return reveal ? phone : maskPhone(phone);
}
