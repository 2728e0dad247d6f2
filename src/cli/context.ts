// What every command receives: the global options resolved once, at the edge (today, language, store…).
import { Chalk, type ChalkInstance } from 'chalk';
import { isIsoDate, localDateOf, localDateTimeOf, type IsoDate } from '../domain/dates.js';
import { InputError } from '../errors.js';
import { isLang, translator, type Lang, type Translate } from '../i18n/index.js';

export interface Output {
  write(text: string): void;
  isTTY: boolean;
  /** The terminal's size; when stdout is not a terminal, COLUMNS and LINES if set. */
  columns?: number;
  rows?: number;
}

export interface Context {
  dbPath: string;
  /** Whether --db/HUIFANG_DB named the store (demo picks its own default otherwise). */
  dbExplicit: boolean;
  today: IsoDate;
  /** 'YYYY-MM-DD HH:mm' now, for timestamps of records made by this run. */
  now: string;
  lang: Lang;
  /** Fills the `{cmd}` of hints with how the user types huifang where she is (io.command). */
  t: Translate;
  user: string | undefined;
  color: ChalkInstance;
  debug: boolean;
  stdout: Output;
  stderr: Output;
  /** Whether the user can answer prompts. */
  interactive: boolean;
}

export interface GlobalOptions {
  db?: string;
  today?: string;
  lang?: string;
  user?: string;
  color?: boolean;
  debug?: boolean;
}

/** Colour: --no-color and NO_COLOR switch it off, FORCE_COLOR on; otherwise only on a terminal. */
export function colorLevel(flag: boolean | undefined, env: NodeJS.ProcessEnv, isTTY: boolean): 0 | 1 | 2 | 3 {
  if (flag === false) return 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    if (force === '2') return 2;
    if (force === '3') return 3;
    return 1;
  }
  return isTTY ? 1 : 0;
}

/** A terminal size from the environment (COLUMNS, LINES): a positive whole number, else unknown. */
function envSize(value: string | undefined): number | undefined {
  const n = Number(value);
  return value && Number.isInteger(n) && n > 0 ? n : undefined;
}

export function makeContext(
  opts: GlobalOptions,
  env: NodeJS.ProcessEnv,
  /** `command`: how the user started huifang (`huifang`, `node bin/huifang.js`…), default `huifang`. */
  io: { stdout: Output; stderr: Output; stdinIsTTY: boolean; clock: Date; command?: string },
  fallbackLang: Lang,
): Context {
  if (opts.lang !== undefined && !isLang(opts.lang)) throw new InputError('option.badLang', { value: opts.lang });
  const lang = opts.lang ?? fallbackLang;
  const today = opts.today ?? env.HUIFANG_TODAY ?? localDateOf(io.clock);
  if (!isIsoDate(today)) throw new InputError('option.badToday', { value: today });
  // With --today in the past or future, "now" is that day at the current clock time.
  const now = `${today} ${localDateTimeOf(io.clock).slice(11)}`;
  const dbFromEnv = env.HUIFANG_DB !== undefined && env.HUIFANG_DB !== '';
  return {
    dbPath: opts.db ?? (dbFromEnv ? (env.HUIFANG_DB as string) : './huifang.db'),
    dbExplicit: opts.db !== undefined || dbFromEnv,
    today,
    now,
    lang,
    t: translator(lang, io.command),
    user: opts.user ?? (env.HUIFANG_USER || undefined),
    color: new Chalk({ level: colorLevel(opts.color, env, io.stdout.isTTY) }),
    debug: Boolean(opts.debug) || (env.HUIFANG_DEBUG !== undefined && env.HUIFANG_DEBUG !== '' && env.HUIFANG_DEBUG !== '0'),
    stdout: { ...io.stdout, columns: io.stdout.columns ?? envSize(env.COLUMNS), rows: io.stdout.rows ?? envSize(env.LINES) },
    stderr: io.stderr,
    interactive: io.stdinIsTTY && io.stdout.isTTY,
  };
}
