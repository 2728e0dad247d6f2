// Message catalogues (zh, en) and the choice of language: --lang, HUIFANG_LANG, then the locale.
import { en } from './en.js';
import { zh } from './zh.js';

export type Lang = 'zh' | 'en';
export type MessageKey = keyof typeof zh;
export type MessageParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

const catalogues: Record<Lang, Record<MessageKey, string>> = { zh, en };

export function isLang(text: string): text is Lang {
  return text === 'zh' || text === 'en';
}

/** INTERFACE.md: --lang, then HUIFANG_LANG, then LC_ALL/LANG; zh when the locale starts with zh. */
export function resolveLang(flag: string | undefined, env: NodeJS.ProcessEnv): Lang | undefined {
  const explicit = flag ?? env.HUIFANG_LANG;
  if (explicit !== undefined && explicit !== '') return isLang(explicit) ? explicit : undefined;
  const locale = env.LC_ALL || env.LANG || '';
  return locale.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export function translator(lang: Lang): Translate {
  const messages = catalogues[lang];
  return (key, params = {}) =>
    messages[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
}

/** Whether a computed key (e.g. `eventType.${type}`) has a message: user-defined values may not. */
export function hasMessage(key: string): key is MessageKey {
  return key in zh;
}

/** A stored vocabulary word (`eventType`, `level`, `tag`…) in the user's language; a user-defined one as typed. */
export function vocabularyLabel(t: Translate, prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  return hasMessage(key) ? t(key) : value;
}
