// Masking phone numbers in exports (SPEC §5): 138****5678, 021-****1234.
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  if (/^1\d{10}$/.test(phone)) return `${phone.slice(0, 3)}****${phone.slice(7)}`;
  const m = /^(\d{3,4})-(\d+)(.*)$/.exec(phone);
  if (m) {
    const [, area = '', number = '', rest = ''] = m;
    return `${area}-${'*'.repeat(Math.max(0, number.length - 4))}${number.slice(-4)}${rest ? '-…' : ''}`;
  }
  return phone.length > 4 ? `${'*'.repeat(phone.length - 4)}${phone.slice(-4)}` : '****';
}
