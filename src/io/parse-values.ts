// Parsing the values people type into spreadsheets and options: dates, phones, amounts, Chinese aliases.
import { splitCellUnit, toYuan } from '../domain/amount-units.js';
import { isoDate, isRealDate, type IsoDate } from '../domain/dates.js';
import {
  CHANNELS,
  CUSTOMER_STATUSES,
  HOLIDAY_KINDS,
  ISSUE_CATEGORIES,
  ISSUE_LEVELS,
  OUTCOMES,
  RESPONDENTS,
  type Channel,
  type CustomerStatus,
  type HolidayKind,
  type IssueCategory,
  type IssueLevel,
  type Outcome,
  type Respondent,
} from '../domain/vocabulary.js';
import type { MessageKey, MessageParams } from '../i18n/index.js';

/** A parsed value, or the reason it could not be parsed (a message key for the problem report). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; key: MessageKey; params?: MessageParams };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(key: MessageKey, params?: MessageParams): Parsed<T> => ({ ok: false, key, params });

// YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY年M月D日 — what Excel and WPS write for a date cell.
const DATE = /^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?$/;
const TIME = /^(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?$/;

export function parseDate(text: string): Parsed<IsoDate> {
  const m = DATE.exec(text.trim());
  if (!m) return bad('value.badDate', { value: text });
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!isRealDate(y, mo, d)) return bad('value.noSuchDate', { value: text });
  return ok(isoDate(y, mo, d));
}

/** A date with an optional time of day: returns 'YYYY-MM-DD' and 'HH:mm' (or null). */
export function parseDateTime(text: string): Parsed<{ date: IsoDate; time: string | null }> {
  const trimmed = text.trim();
  const split = /^(.*?\d)(?:[ T]+(\d{1,2}[:：]\d{2}(?:[:：]\d{2})?))?$/.exec(trimmed);
  const datePart = split?.[1] ?? trimmed;
  const date = parseDate(datePart);
  if (!date.ok) return bad('value.badDateTime', { value: text });
  const timePart = split?.[2];
  if (!timePart) return ok({ date: date.value, time: null });
  const t = TIME.exec(timePart);
  const [h, mi] = [Number(t?.[1]), Number(t?.[2])];
  if (!t || h > 23 || mi > 59) return bad('value.badDateTime', { value: text });
  return ok({ date: date.value, time: `${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}` });
}

// Month and day without a year: 3-15, 03/15, 3月15日.
const MONTH_DAY = /^(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?$/;

/** A birthday: a full date, or month and day only (stored ISO-style as '--MM-DD'). */
export function parseBirthday(text: string): Parsed<string> {
  const full = parseDate(text);
  if (full.ok) return full;
  const m = MONTH_DAY.exec(text.trim());
  if (m) {
    const [mo, d] = [Number(m[1]), Number(m[2])];
    // 2000 is a leap year, so 2-29 birthdays are accepted.
    if (isRealDate(2000, mo, d)) return ok(`--${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
  }
  return bad('value.badBirthday', { value: text });
}

/**
 * An amount in yuan: '5,200,000', '¥1,200,000.00', '350万', '1.2亿', '80000元'. In a column whose
 * header gives a unit (`年采购额(万元)`: `headerFactor` 10,000) the number is in that unit; a cell
 * that writes a different unit of its own is refused rather than guessed.
 */
export function parseAmount(text: string, headerFactor = 1): Parsed<number> {
  const { number, factor, unit } = splitCellUnit(text.trim().replace(/[¥￥,，\s]/g, ''));
  if (!/^\d+(\.\d+)?$/.test(number)) return bad('value.badAmount', { value: text });
  if (unit !== undefined && headerFactor !== 1 && factor !== headerFactor) return bad('value.unitConflict', { value: text, unit });
  return ok(toYuan(Number(number), unit === undefined ? headerFactor : factor));
}

/**
 * Mainland phone numbers, normalised: mobiles as 11 digits (an optional +86/0086 is dropped),
 * landlines as area code, dash, number and optional extension (010-12345678-123),
 * and 400/800 service numbers as 400-123-4567.
 */
export function parsePhone(text: string): Parsed<string> {
  const raw = text.trim();
  let s = raw.replace(/[\s\u3000]/g, '').replace(/[（(]/g, '').replace(/[）)]/g, '-').replace(/－|—/g, '-');
  let ext = '';
  const extMatch = /(?:转|ext\.?|x|#)(\d{1,6})$/i.exec(s);
  if (extMatch) {
    ext = extMatch[1] ?? '';
    s = s.slice(0, extMatch.index);
  }
  s = s.replace(/^(?:\+86|0086|86(?=1\d{10}$))-?/, '');
  const digits = s.replace(/-/g, '');
  if (/^1[3-9]\d{9}$/.test(digits) && !ext) return ok(digits);
  if (/^[48]00\d{7}$/.test(digits)) return ok(`${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}${ext ? `-${ext}` : ''}`);
  const landline = landlineOf(digits) ?? landlineWithDashExtension(s);
  if (landline) {
    const extension = ext || landline.ext;
    return ok(`${landline.area}-${landline.number}${extension ? `-${extension}` : ''}`);
  }
  return bad('value.badPhone', { value: raw });
}

// Area codes: 010 and 020–029 have three digits and eight-digit numbers; all others four digits.
function landlineOf(digits: string): { area: string; number: string; ext: string } | undefined {
  const m = /^(0(?:10|2\d))(\d{8})$/.exec(digits) ?? /^(0[3-9]\d{2})(\d{7,8})$/.exec(digits);
  return m ? { area: m[1] ?? '', number: m[2] ?? '', ext: '' } : undefined;
}

/** '010-12345678-123': the last dash group is an extension when the rest is a whole number. */
function landlineWithDashExtension(s: string): { area: string; number: string; ext: string } | undefined {
  const m = /^(.+)-(\d{1,6})$/.exec(s);
  if (!m) return undefined;
  const base = landlineOf((m[1] ?? '').replace(/-/g, ''));
  return base ? { ...base, ext: m[2] ?? '' } : undefined;
}

/** Normalise a word for alias lookup: lower case, no spaces, full-width letters folded. */
function fold(text: string): string {
  return text
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '_');
}

function lookup<T extends string>(
  aliases: Record<string, T>,
  canonical: readonly T[],
  text: string,
  key: MessageKey,
): Parsed<T> {
  const f = fold(text);
  if ((canonical as readonly string[]).includes(f)) return ok(f as T);
  const hit = aliases[f];
  if (hit) return ok(hit);
  return bad(key, { value: text, allowed: canonical.join(', ') });
}

const CHANNEL_ALIASES: Record<string, Channel> = {
  电话: 'phone', 电访: 'phone', 上门: 'onsite', 现场: 'onsite', 拜访: 'onsite', 走访: 'onsite',
  短信: 'sms', 微信: 'wechat', 邮件: 'email', 邮箱: 'email', 电子邮件: 'email', 视频: 'video',
  问卷: 'survey', 调查: 'survey', on_site: 'onsite',
};
export const parseChannel = (t: string) => lookup(CHANNEL_ALIASES, CHANNELS, t, 'value.badChannel');

const OUTCOME_ALIASES: Record<string, Outcome> = {
  接通: 'reached', 已接通: 'reached', 成功: 'reached', 完成: 'reached', 已回访: 'reached',
  无人接听: 'no_answer', 未接: 'no_answer', 未接听: 'no_answer', 未接通: 'no_answer', 无应答: 'no_answer',
  占线: 'busy', 忙: 'busy', 忙线: 'busy', 通话中: 'busy',
  空号: 'wrong_number', 错号: 'wrong_number', 号码错误: 'wrong_number', 号码有误: 'wrong_number',
  拒访: 'refused', 拒绝: 'refused', 拒接: 'refused', 拒绝回访: 'refused',
  留言: 'left_message', 已留言: 'left_message', 语音留言: 'left_message',
};
export const parseOutcome = (t: string) => lookup(OUTCOME_ALIASES, OUTCOMES, t, 'value.badOutcome');

const RESPONDENT_ALIASES: Record<string, Respondent> = {
  本人: 'self', 家属: 'family', 家人: 'family', 亲属: 'family', 同事: 'colleague', 其他同事: 'colleague',
};
export const parseRespondent = (t: string) => lookup(RESPONDENT_ALIASES, RESPONDENTS, t, 'value.badRespondent');

const STATUS_ALIASES: Record<string, CustomerStatus> = {
  正常: 'active', 活跃: 'active', 合作中: 'active', 有效: 'active', 休眠: 'dormant', 沉睡: 'dormant',
  流失: 'lost', 已流失: 'lost', 勿扰: 'do_not_contact', 拒绝联系: 'do_not_contact', 禁止联系: 'do_not_contact',
  免打扰: 'do_not_contact', 不再联系: 'do_not_contact',
};
export const parseCustomerStatus = (t: string) =>
  lookup(STATUS_ALIASES, CUSTOMER_STATUSES, t, 'value.badStatus');

const LEVEL_ALIASES: Record<string, IssueLevel> = { 紧急: 'urgent', 重要: 'important', 一般: 'general' };
export const parseIssueLevel = (t: string) => lookup(LEVEL_ALIASES, ISSUE_LEVELS, t, 'value.badLevel');

const CATEGORY_ALIASES: Record<string, IssueCategory> = {
  产品: 'product', 质量: 'product', 服务: 'service', 交付: 'delivery', 物流: 'delivery', 发货: 'delivery',
  价格: 'price', 账务: 'billing', 发票: 'billing', 结算: 'billing', 回访: 'followup', 其他: 'other',
};
export const parseIssueCategory = (t: string) =>
  lookup(CATEGORY_ALIASES, ISSUE_CATEGORIES, t, 'value.badCategory');

const HOLIDAY_KIND_ALIASES: Record<string, HolidayKind> = {
  上班: 'workday', 补班: 'workday', 调休上班: 'workday', 工作日: 'workday', work: 'workday',
  休息: 'holiday', 放假: 'holiday', 假日: 'holiday', 节假日: 'holiday', 休: 'holiday', off: 'holiday',
};
export const parseHolidayKind = (t: string) =>
  lookup(HOLIDAY_KIND_ALIASES, HOLIDAY_KINDS, t, 'value.badHolidayKind');

const EVENT_TYPE_ALIASES: Record<string, string> = {
  销售: 'sale', 成交: 'sale', 送货: 'delivery', 发货: 'delivery', 交付: 'delivery', 到货: 'delivery',
  订单: 'order', 下单: 'order', 采购: 'order', 投诉: 'complaint', 投诉处理完毕: 'complaint_resolved',
  投诉已解决: 'complaint_resolved', 投诉办结: 'complaint_resolved', 维修完成: 'repair_done', 维修: 'repair_done',
  报修完成: 'repair_done', 出院: 'discharge', 预约: 'appointment', 生活事件: 'life_event', 五必访: 'life_event',
  扩产: 'expansion', 扩建: 'expansion', 升级: 'upgrade',
};

/** A known event type or its Chinese name; anything else that is one word is a user-defined type. */
export function parseEventType(text: string): Parsed<string> {
  const f = fold(text);
  const hit = EVENT_TYPE_ALIASES[f];
  if (hit) return ok(hit);
  if (/^[\p{L}\p{N}_]+$/u.test(f)) return ok(f);
  return bad('value.badEventType', { value: text });
}

/** Satisfaction 1–5 ('5', '5分'). */
export function parseScore(text: string): Parsed<number> {
  const m = /^([1-5])\s*分?$/.exec(text.trim());
  if (!m) return bad('value.badScore', { value: text });
  return ok(Number(m[1]));
}

const TRUE_WORDS = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓', '主', '主要']);
const FALSE_WORDS = new Set(['否', 'n', 'no', 'false', '0', '×', '']);

export function parseYesNo(text: string): Parsed<boolean> {
  const f = fold(text);
  if (TRUE_WORDS.has(f)) return ok(true);
  if (FALSE_WORDS.has(f)) return ok(false);
  return bad('value.badYesNo', { value: text });
}

/** Tags separated by commas, 顿号, semicolons or spaces; 重点/特大型客户 mean the `key` tag. */
export function parseTags(text: string): string[] {
  const KEY_WORDS = new Set(['重点', '重点客户', '特大型客户', '大客户', '关键客户']);
  const tags = text
    .split(/[,，、;；\s]+/)
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => (KEY_WORDS.has(t) ? 'key' : t.toLowerCase()));
  return [...new Set(tags)].sort();
}

/** A tier as typed: 'A', 'a', 'A类', 'A级' — checked against the policy's tiers. */
export function parseTier(text: string, tiers: readonly string[]): Parsed<string> {
  const t = text.normalize('NFKC').trim().replace(/(类|级|类客户|级客户)$/, '').toUpperCase();
  if (tiers.includes(t)) return ok(t);
  return bad('value.badTier', { value: text, allowed: tiers.join(', ') });
}

/** A whole number of at least `min`, and at most `max` when given (for --days, --limit, --year…). */
export function parseWholeNumber(text: string, min: number, max?: number): Parsed<number> {
  const n = Number(text);
  if (/^\d+$/.test(text.trim()) && n >= min && (max === undefined || n <= max)) return ok(n);
  return max === undefined ? bad('value.badWholeNumber', { value: text, min }) : bad('value.wholeNumberRange', { value: text, min, max });
}
