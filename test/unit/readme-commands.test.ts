// The README's commands as scripts/readme-commands.mjs extracts them (issue 12 #10): both languages, continuations joined, none relying on a `huifang` on the PATH.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module script, without type declarations
import { readmeCommands } from '../../scripts/readme-commands.mjs';
import { ROOT } from '../helpers.js';

const extract = readmeCommands as (text: string) => string[];

describe('readmeCommands', () => {
  it('takes the lines of ```sh blocks only, joins a trailing backslash with the next line, skips comments', () => {
    const text = ['```sh', 'a one   # note', '# only a comment', '', 'b two \\', '   three  # note', '```', '```text', 'not a command', '```'].join('\n');
    expect(extract(text)).toEqual(['a one   # note', 'b two \\\n   three  # note']);
  });

  it('finds the 快速上手 and the daily loop in README.md, every huifang command typed as a fresh clone runs it', () => {
    const commands = extract(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
    expect(commands).toContain('npm install && npm run demo');
    expect(commands.some((c) => c.includes('import customers 客户.csv'))).toBe(true);
    expect(commands.some((c) => c.includes('due --explain KH0045'))).toBe(true);
    for (const c of commands) {
      // After `npm install` only these start it: there is no `huifang` on the PATH.
      expect(c, c).toMatch(/^(?:[A-Z_]+=\S+ )*(?:node bin\/huifang\.js|npm (?:install|run demo|test))\b/);
    }
  });
});
