// The one module that writes files (issue 10 points 1–2): checked paths, whole files or none, private modes.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildFile, checkOutputPath, writeOutputFile } from '../../src/io/output-file.js';
import { tempDir } from '../helpers.js';

const hidden = (dir: string) => fs.readdirSync(dir).filter((n) => n.startsWith('.'));

describe('writeOutputFile', () => {
  it('replaces the file whole and makes it private, even when the old one was readable by others', () => {
    const dir = tempDir();
    const file = path.join(dir, 'out.csv');
    fs.writeFileSync(file, 'old');
    fs.chmodSync(file, 0o644);
    writeOutputFile(file, 'new');
    expect(fs.readFileSync(file, 'utf8')).toBe('new');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(hidden(dir)).toEqual([]);
  });

  it('a failure once the content is on disk (import commits there) leaves the old file and no temporary file', () => {
    const dir = tempDir();
    const file = path.join(dir, 'out.csv');
    fs.writeFileSync(file, 'old');
    expect(() =>
      writeOutputFile(file, 'new', () => {
        throw new Error('commit failed');
      }),
    ).toThrow('commit failed');
    expect(fs.readFileSync(file, 'utf8')).toBe('old');
    expect(hidden(dir)).toEqual([]);
  });

  it('through a symbolic link: the link stays and points at the new content', () => {
    const dir = tempDir();
    const real = path.join(dir, 'real.csv');
    const link = path.join(dir, 'link.csv');
    fs.writeFileSync(real, 'old');
    fs.symlinkSync(real, link);
    writeOutputFile(checkOutputPath(link), 'new');
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real, 'utf8')).toBe('new');
  });
});

describe('buildFile', () => {
  it('without replace, an existing target is refused with the given error and the temporary file removed', () => {
    const dir = tempDir();
    const file = path.join(dir, 'store.db');
    fs.writeFileSync(file, 'precious');
    expect(() => buildFile(file, (temp) => fs.writeFileSync(temp, 'new'), { replace: false, exists: () => new Error('exists') })).toThrow('exists');
    expect(fs.readFileSync(file, 'utf8')).toBe('precious');
    expect(hidden(dir)).toEqual([]);
  });

  it('an async build that fails removes its temporary file and what SQLite keeps beside it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'store.db');
    await expect(
      buildFile(file, async (temp) => {
        for (const suffix of ['', '-wal', '-shm']) fs.writeFileSync(`${temp}${suffix}`, 'x');
        throw new Error('killed');
      }, { replace: true }),
    ).rejects.toThrow('killed');
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('checkOutputPath', () => {
  it('names the store, its companions, hard links to it, and the inputs; allows anything else', () => {
    const dir = tempDir();
    const store = path.join(dir, 'h.db');
    fs.writeFileSync(store, '');
    fs.linkSync(store, path.join(dir, 'alias'));
    const guard = { store, inputs: [path.join(dir, 'in.csv')] };
    for (const f of ['h.db', 'h.db-wal', 'h.db-shm', 'h.db-journal', 'alias']) {
      expect(() => checkOutputPath(path.join(dir, f), guard)).toThrow(expect.objectContaining({ key: 'output.isStore', exitCode: 3 }));
    }
    expect(() => checkOutputPath(path.join(dir, 'sub', '..', 'in.csv'), guard)).toThrow(expect.objectContaining({ key: 'output.isInput' }));
    expect(checkOutputPath(path.join(dir, 'out.csv'), guard)).toBe(path.join(fs.realpathSync(dir), 'out.csv'));
  });
});
