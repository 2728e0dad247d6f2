// Start-up (issue 11 point 6): a command loads only the modules it uses, and --debug stack traces name the sources.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newStore, ROOT, runCli, storeKinds, tempDir } from '../helpers.js';

const RECORD = path.join(import.meta.dirname, 'record-modules.mjs');

/**
 * The modules one run loads, by the compiled (unbundled) CLI, so that each source module and package
 * shows by name; the bundle initialises its modules along the same lazy imports.
 */
function modulesLoadedBy(args: string[]): string[] {
  const log = path.join(tempDir(), 'modules.log');
  const entry = `import { main } from ${JSON.stringify(path.join(ROOT, 'dist', 'src', 'cli', 'main.js'))}; process.exitCode = await main(${JSON.stringify(args)}, process.env);`;
  const r = spawnSync(process.execPath, ['--import', RECORD, '--input-type=module', '-e', entry], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HUIFANG_MODULES_LOG: log, HUIFANG_LANG: 'en' },
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return fs.readFileSync(log, 'utf8').trim().split('\n');
}

const loads = (modules: string[], part: string) => modules.some((url) => url.includes(part));

describe('start-up', () => {
  it.each([['--version'], ['--help']])('%s loads no store, no command, no date or colour library and one catalogue', (flag) => {
    const modules = modulesLoadedBy([flag]);
    for (const part of ['better-sqlite3', '/src/store/', '/src/commands/', '/src/domain/', 'node_modules/dayjs/', 'node_modules/chalk/']) {
      expect(loads(modules, part), part).toBe(false);
    }
    expect(loads(modules, '/src/i18n/en.js')).toBe(true);
    expect(loads(modules, '/src/i18n/zh.js')).toBe(false);
  });

  it.each(storeKinds)('due --json on %s loads neither the table layout and width library, CSV, the workbook, prompt or schema libraries, nor the other catalogue', (kind) => {
    const db = newStore(kind);
    expect(runCli(['--db', db, 'init']).code).toBe(0);
    const modules = modulesLoadedBy(['--db', db, '--today', '2026-11-23', 'due', '--json']);
    expect(loads(modules, '/src/commands/due.js')).toBe(true);
    const unused = ['node_modules/cli-table3/', 'node_modules/string-width/', 'node_modules/csv-stringify/', '/src/render/due-table.js', '/src/commands/explain.js'];
    for (const part of [...unused, 'node_modules/exceljs/', 'node_modules/@inquirer/', 'node_modules/zod/', '/src/i18n/zh.js']) {
      expect(loads(modules, part), part).toBe(false);
    }
  });

  it('--debug prints the stack with the lines of the TypeScript sources, not of the bundle', () => {
    const r = runCli(['--db', tempDir(), '--debug', 'customer', 'list']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/\n\s+at .*src[\\/]store[\\/]db\.ts:\d+:\d+/);
    expect(r.stderr).not.toContain(`dist${path.sep}bundle`);
  });

  it('the bundle is compiled from the code cache the build made; a damaged cache is refused and the command runs as usual', () => {
    const check = { HUIFANG_CODE_CACHE_CHECK: '1' };
    const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    // Made by `npm run build` (npm test builds first) for this node: taken, which saves ~30 ms a command.
    expect(runCli(['--version'], { env: check })).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: 'code cache: accepted\n' });
    // An installation whose cache is cut short or is not a cache at all.
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.mkdirSync(path.join(dir, 'dist', 'bundle'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'bin', 'huifang.js'), path.join(dir, 'bin', 'huifang.js'));
    fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
    fs.copyFileSync(path.join(ROOT, 'dist', 'bundle', 'huifang.cjs'), path.join(dir, 'dist', 'bundle', 'huifang.cjs'));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    const cache = fs.readFileSync(path.join(ROOT, 'dist', 'bundle', 'huifang.cjs.cache'));
    for (const damaged of [cache.subarray(0, cache.length >> 1), Buffer.from('not a code cache')]) {
      fs.writeFileSync(path.join(dir, 'dist', 'bundle', 'huifang.cjs.cache'), damaged);
      const r = spawnSync(process.execPath, [path.join(dir, 'bin', 'huifang.js'), '--version'], { encoding: 'utf8', env: { PATH: process.env.PATH, ...check } });
      expect({ code: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: `${version}\n`, stderr: 'code cache: rejected\n' });
    }
  });
});
