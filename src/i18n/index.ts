// Message catalogues (zh, en) and the choice of language: --lang, HUIFANG_LANG, then the locale.
// Each catalogue is its own module, loaded on demand: a command reads only the language it speaks.
import type { zh } from './zh.js';

export type Lang = 'zh' | 'en';
export type MessageKey = keyof typeof zh;
export type MessageParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;
type Catalogue = Record<MessageKey, string>;

/** en.ts is typed Record<keyof typeof zh, string>, so the compiler still checks both have the same keys. */
const importers: Record<Lang, () => Promise<Catalogue>> = {
  zh: async () => (await import('./zh.js')).zh,
  en: async () => (await import('./en.js')).en,
};
const loaded = new Map<Lang, Catalogue>();

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

/** Load a language's catalogue (once); translator() needs it loaded first. */
export async function loadCatalogue(lang: Lang): Promise<void> {
  if (!loaded.has(lang)) loaded.set(lang, await importers[lang]());
}

/**
 * `command`: how the user types huifang where she is (io/invocation.ts), for the `{cmd}` of hints
 * that name a command to run next: `huifang` once installed or linked, `node bin/huifang.js` in a clone.
 */
export function translator(lang: Lang, command = 'huifang'): Translate {
  const messages = loaded.get(lang);
  // A programming error, not a user's: the entry (main.ts) loads the language before any command runs.
  if (!messages) throw new Error(`message catalogue '${lang}' used before loadCatalogue('${lang}')`);
  return (key, params = {}) =>
    messages[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : name === 'cmd' ? command : whole,
    );
}

/** Whether a computed key (e.g. `eventType.${type}`) has a message: user-defined values may not. */
export function hasMessage(key: string): key is MessageKey {
  // Every catalogue has the same keys (the compiler checks), so any loaded one answers for all.
  for (const messages of loaded.values()) return key in messages;
  throw new Error('hasMessage() called before any message catalogue was loaded');
}

/** A stored vocabulary word (`eventType`, `level`, `tag`…) in the user's language; a user-defined one as typed. */
export function vocabularyLabel(t: Translate, prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  return hasMessage(key) ? t(key) : value;
}
