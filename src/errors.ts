// Error values that carry their exit code and a translatable message; one place (cli/main) prints them.
import type { MessageKey, MessageParams } from './i18n/index.js';

/** The documented exit codes (INTERFACE.md "Exit codes"). */
export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  input: 3,
  store: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A problem tied to a place in an input file: rendered as `file:line: column: problem`. */
export interface Problem {
  file?: string;
  line?: number;
  column?: string;
  key: MessageKey;
  params?: MessageParams;
}

/** Base of every error the user is meant to read (no stack trace unless --debug). */
export class HuifangError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    readonly key: MessageKey,
    readonly params: MessageParams = {},
  ) {
    super(key);
    this.name = new.target.name;
  }
}

/** Unknown command/option, missing argument: exit 2. */
export class UsageError extends HuifangError {
  constructor(key: MessageKey, params: MessageParams = {}) {
    super(ExitCode.usage, key, params);
  }
}

/** Invalid input (bad CSV row, bad option value, unknown customer): exit 3, with every problem listed. */
export class InputError extends HuifangError {
  constructor(
    key: MessageKey,
    params: MessageParams = {},
    readonly problems: readonly Problem[] = [],
  ) {
    super(ExitCode.input, key, params);
  }
}

/** No store, locked, corrupt, or made by a newer version: exit 4. */
export class StoreError extends HuifangError {
  constructor(key: MessageKey, params: MessageParams = {}) {
    super(ExitCode.store, key, params);
  }
}

/**
 * A file-system error (writing an export, a rejects file, a backup) as a sentence naming the file:
 * a full disk is exit 4 like any other storage failure; a path that cannot be written is exit 3.
 */
export function fileErrorFrom(err: unknown): HuifangError | undefined {
  const { code, path } = (err ?? {}) as { code?: unknown; path?: unknown };
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return undefined;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return typeof path === 'string' ? new StoreError('file.diskFull', { path }) : new StoreError('disk.full');
  }
  if (typeof path !== 'string') return undefined;
  if (code === 'EIO') return new StoreError('file.ioError', { path });
  const key = FILE_ERRORS[code];
  return key ? new InputError(key, { path }) : undefined;
}

/** Errno codes meaning "this path cannot be used as asked", with the sentence for each. */
const FILE_ERRORS: Record<string, MessageKey> = {
  EACCES: 'file.denied',
  EPERM: 'file.denied',
  EROFS: 'file.readOnlyDisk',
  ENOENT: 'file.notFound',
  ENOTDIR: 'file.notFound',
  EISDIR: 'file.isFolder',
  EEXIST: 'file.exists',
  ENAMETOOLONG: 'file.cantWrite',
  ELOOP: 'file.cantWrite',
  ETXTBSY: 'file.cantWrite',
  EBUSY: 'file.cantWrite',
};
