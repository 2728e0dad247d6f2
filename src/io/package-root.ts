// Locating files shipped with the package (fixtures/), from source or from the compiled dist/.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding huifang's package.json, found by walking up from this module. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'huifang') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('huifang package root not found');
    dir = parent;
  }
}
