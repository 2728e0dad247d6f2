// The entry: resolve the global options once, run the command, and turn every error into stderr text and an exit code.
// Start-up time matters (every command pays it): import here only what every run needs; the rest is
// loaded by the command that uses it (program.ts) or on the error path.
import { CommanderError } from 'commander';
import { ExitCode, fileErrorFrom, HuifangError, InputError } from '../errors.js';
import { formatProblem } from '../render/problems.js';
import { isLang, loadCatalogue, resolveLang, translator, type Lang, type Translate } from '../i18n/index.js';
import { commandName } from '../io/invocation.js';
import { buildProgram } from './program.js';
import { usageErrorFrom } from './usage-errors.js';

/** Find --lang before commander runs, so that help text and parse errors are already translated. */
function preScanLang(argv: readonly string[], env: NodeJS.ProcessEnv): Lang {
  let flag: string | undefined;
  argv.forEach((arg, i) => {
    if (arg === '--lang') flag = argv[i + 1];
    else if (arg.startsWith('--lang=')) flag = arg.slice('--lang='.length);
  });
  return resolveLang(flag !== undefined && isLang(flag) ? flag : undefined, env) ?? 'en';
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // Every file this process creates (store, -wal/-shm, backups, exports) is private to its owner.
  process.umask(0o077);
  // `huifang due | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  const lang = preScanLang(argv, env);
  await loadCatalogue(lang);
  const command = commandName(process.argv, env);
  const t = translator(lang, command);
  const debug = argv.includes('--debug') || Boolean(env.HUIFANG_DEBUG && env.HUIFANG_DEBUG !== '0');
  const program = buildProgram(t, lang, env, command);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ExitCode.ok;
  } catch (err) {
    return await report(err, t, debug);
  }
}

async function report(err: unknown, t: Translate, debug: boolean): Promise<number> {
  const write = (text: string) => process.stderr.write(`${text}\n`);
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
      return ExitCode.ok;
    }
    const usage = usageErrorFrom(err);
    write(t(usage.key, usage.params));
    if (usage.suggestion) write(t('usage.didYouMean', { suggestion: usage.suggestion }));
    write(t('error.seeHelp'));
    return ExitCode.usage;
  }
  // The store module (and better-sqlite3 with it) is loaded only when an error may have come from it.
  const known =
    err instanceof HuifangError ? err : ((await import('../store/db.js')).storeErrorFrom(err) ?? fileErrorFrom(err));
  if (known) {
    write(t(known.key, known.params));
    if (known instanceof InputError) for (const p of known.problems) write(formatProblem(t, p));
    if (debug && err instanceof Error) write(err.stack ?? '');
    return known.exitCode;
  }
  write(t('error.internal', { message: err instanceof Error ? err.message : String(err) }));
  if (debug && err instanceof Error) write(err.stack ?? '');
  else write(t('error.debugHint'));
  return ExitCode.internal;
}
