// JSON output: one document on stdout, two-space indented, always parseable, phones masked.
import { shownPhone } from './mask.js';

/**
 * Every `phone` field, at any depth, goes through the one masking rule (SPEC §5: every --json
 * output masks phones unless --reveal), so a field added later cannot leak a number.
 */
export function toJson(value: unknown, options: { reveal?: boolean } = {}): string {
  const replacer = (key: string, v: unknown) => (key === 'phone' && typeof v === 'string' ? shownPhone(v, options.reveal) : v);
  return `${JSON.stringify(value, replacer, 2)}\n`;
}
