// The one masking rule for phones in JSON and exports (SPEC §5), and the JSON pass that applies it everywhere.
import { describe, expect, it } from 'vitest';
import { toJson } from '../../src/render/json.js';
import { maskPhone, shownPhone } from '../../src/render/mask.js';

describe('maskPhone', () => {
  it.each([
    // A mobile keeps its first 3 and last 4 digits.
    ['13812345678', '138****5678'],
    // A landline keeps its area code and the last 4 digits; an extension is not shown.
    ['010-62345678', '010-****5678'],
    ['0512-66001234-801', '0512-****1234-…'],
    // Anything else keeps its last 4 characters.
    ['85212345678', '*******5678'],
  ])('%s → %s', (phone, masked) => expect(maskPhone(phone)).toBe(masked));

  it('leaves a masked number as it is, so masking twice cannot change its form', () => {
    expect(maskPhone('138****5678')).toBe('138****5678');
  });

  it('shownPhone masks unless revealed, and keeps a missing phone missing', () => {
    expect(shownPhone('13812345678', false)).toBe('138****5678');
    expect(shownPhone('13812345678', true)).toBe('13812345678');
    expect(shownPhone(null, false)).toBeNull();
  });
});

describe('toJson masks every phone field at any depth unless --reveal', () => {
  const doc = { customer: { code: 'C1' }, contacts: [{ name: 'a', phone: '13812345678' }, { name: 'b', phone: null }], channel: 'phone' };

  it('masks nested phones, leaves other fields (a channel named "phone") alone', () => {
    expect(JSON.parse(toJson(doc))).toEqual({
      customer: { code: 'C1' },
      contacts: [{ name: 'a', phone: '138****5678' }, { name: 'b', phone: null }],
      channel: 'phone',
    });
  });

  it('shows them with reveal', () => {
    expect(JSON.parse(toJson(doc, { reveal: true }))).toEqual(doc);
  });
});
