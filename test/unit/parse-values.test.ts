// What people type into spreadsheets, and what huifang makes of it (INTERFACE.md "Values", SPEC §4).
import { describe, expect, it } from 'vitest';
import {
  parseAmount,
  parseBirthday,
  parseChannel,
  parseDate,
  parseDateTime,
  parseOutcome,
  parsePhone,
  parseScore,
  parseTags,
  parseTier,
  parseYesNo,
} from '../../src/io/parse-values.js';

const value = <T>(r: { ok: boolean; value?: T }) => (r.ok ? r.value : undefined);

describe('dates (INTERFACE.md: YYYY-MM-DD, YYYY/M/D, YYYY年M月D日)', () => {
  it.each([
    ['2026-03-10', '2026-03-10'],
    ['2026/3/1', '2026-03-01'],
    ['2026年3月10日', '2026-03-10'],
    ['2026.12.31', '2026-12-31'],
    [' 2026-1-5 ', '2026-01-05'],
  ])('%s → %s', (text, iso) => expect(value(parseDate(text))).toBe(iso));

  it('rejects dates that do not exist, naming the problem', () => {
    expect(parseDate('2026-02-30')).toMatchObject({ ok: false, key: 'value.noSuchDate' });
    expect(parseDate('2026/13/1')).toMatchObject({ ok: false, key: 'value.noSuchDate' });
    expect(parseDate('10/03/2026')).toMatchObject({ ok: false, key: 'value.badDate' });
    expect(parseDate('2028-02-29').ok).toBe(true); // leap year
  });

  it('takes an optional H:mm time', () => {
    expect(value(parseDateTime('2026-03-10 9:05'))).toEqual({ date: '2026-03-10', time: '09:05' });
    expect(value(parseDateTime('2026/3/10 14:30:59'))).toEqual({ date: '2026-03-10', time: '14:30' });
    expect(value(parseDateTime('2026-03-10'))).toEqual({ date: '2026-03-10', time: null });
    expect(parseDateTime('2026-03-10 25:00').ok).toBe(false);
  });

  it('birthdays may omit the year', () => {
    expect(value(parseBirthday('3月15日'))).toBe('--03-15');
    expect(value(parseBirthday('02-29'))).toBe('--02-29');
    expect(value(parseBirthday('1982-11-30'))).toBe('1982-11-30');
    expect(parseBirthday('2月30日').ok).toBe(false);
  });
});

describe('phones (mainland mobiles, landlines with area code, optional +86)', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['+86 139 2345 6789', '13923456789'],
    ['008613923456789', '13923456789'],
    ['138-1234-5678', '13812345678'],
    ['010-62345678', '010-62345678'],
    ['01062345678', '010-62345678'],
    ['(021)64871234', '021-64871234'],
    ['0755-26781234', '0755-26781234'],
    ['0512-6600123', '0512-6600123'],
    ['0512-66001234转801', '0512-66001234-801'],
    ['010-62345678-123', '010-62345678-123'],
    ['400-820-8820', '400-820-8820'],
  ])('%s → %s', (text, normal) => expect(value(parsePhone(text))).toBe(normal));

  it.each(['1381234567', '12812345678', '021-6487123', '62345678', 'abc', '138123456789'])('rejects %s', (text) =>
    expect(parsePhone(text)).toMatchObject({ ok: false, key: 'value.badPhone' }),
  );
});

describe('amounts in yuan', () => {
  it.each([
    ['5,200,000', 5_200_000],
    ['¥1,200,000.00', 1_200_000],
    ['350万', 3_500_000],
    ['1.2亿', 120_000_000],
    ['80000元', 80_000],
  ])('%s → %d', (text, n) => expect(value(parseAmount(text))).toBe(n));
  it('rejects words and negatives', () => {
    expect(parseAmount('很多').ok).toBe(false);
    expect(parseAmount('-5').ok).toBe(false);
  });
});

describe('Chinese aliases for vocabularies', () => {
  it('channels and outcomes', () => {
    expect(value(parseChannel('上门'))).toBe('onsite');
    expect(value(parseChannel('Phone'))).toBe('phone');
    expect(value(parseOutcome('无人接听'))).toBe('no_answer');
    expect(value(parseOutcome('left-message'))).toBe('left_message');
    expect(parseChannel('飞鸽')).toMatchObject({ ok: false, key: 'value.badChannel' });
  });
  it('scores, yes/no, tags, tiers', () => {
    expect(value(parseScore('4分'))).toBe(4);
    expect(parseScore('7').ok).toBe(false);
    expect(value(parseYesNo('是'))).toBe(true);
    expect(value(parseYesNo('否'))).toBe(false);
    expect(parseTags('重点、华东，vip')).toEqual(['key', 'vip', '华东']);
    expect(value(parseTier('a类', ['A', 'B', 'C']))).toBe('A');
    expect(parseTier('D', ['A', 'B', 'C'])).toMatchObject({ ok: false, key: 'value.badTier' });
  });
});
