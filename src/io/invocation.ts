// How the user can type huifang again, for hints: `npm install` puts no `huifang` on the PATH, so a clone is run as `node bin/huifang.js`.
import path from 'node:path';

/**
 * The command that started this run, as the user can type it where they are: `huifang` when it was
 * found on the PATH (`npm link`, a global install), `npx huifang` under npx, else `node` and the
 * script's path from the user's folder (npm run's INIT_CWD, else the current one) — `node
 * bin/huifang.js` in a clone's folder.
 */
export function commandName(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const script = argv[1] ?? '';
  if (env.npm_command === 'exec') return 'npx huifang';
  if (!script.endsWith('.js')) return 'huifang';
  const relative = path.relative(env.INIT_CWD || cwd, script);
  const shown = relative.startsWith(`..${path.sep}..`) || path.isAbsolute(relative) ? script : relative;
  return `node ${shown.split(path.sep).join('/')}`;
}
