// How to type huifang from where the user is: `npm install` puts no `huifang` on the PATH, `npx huifang` finds the project's own bin.
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from './package-root.js';

/**
 * `npx huifang` inside the project's folder (npm runs the project's own bin there, measured on npm
 * 11), else `huifang`: outside it npx would look the name up in the registry, so hints there assume
 * a global install or `npm link`, which put `huifang` on the PATH.
 */
export function commandName(cwd: string = process.cwd()): string {
  let here = cwd;
  try {
    here = fs.realpathSync(cwd);
  } catch {
    // A folder removed under us: judge by its name.
  }
  const inside = path.relative(fs.realpathSync(packageRoot()), here);
  return inside === '' || (!inside.startsWith('..') && !path.isAbsolute(inside)) ? 'npx huifang' : 'huifang';
}
