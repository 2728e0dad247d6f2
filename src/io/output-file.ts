// Every file huifang writes: its path checked before anything is written, built whole in a private
// temporary file beside it, then renamed into place, so a failure leaves the old file or nothing (SPEC §5).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { HuifangError, InputError, StoreError } from '../errors.js';
import { processAlive } from './process-alive.js';

/** What an output may never be written over. */
export interface OutputGuard {
  /** The store this command uses; its -wal, -shm and -journal files are protected with it. */
  store?: string;
  /** Files this command reads. */
  inputs?: readonly string[];
}

const STORE_COMPANIONS = ['', '-wal', '-shm', '-journal'];
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** The path with every folder and link resolved; a file that does not exist yet keeps its name. */
function canonical(file: string): string {
  const abs = path.resolve(file);
  try {
    return fs.realpathSync(abs);
  } catch {
    try {
      return path.join(fs.realpathSync(path.dirname(abs)), path.basename(abs));
    } catch {
      return abs;
    }
  }
}

const statOf = (file: string): fs.Stats | undefined => fs.statSync(file, { throwIfNoEntry: false });

/** Same file: same canonical path, or (hard links) the same device and inode. */
function sameFile(a: { path: string; stat: fs.Stats | undefined }, b: string): boolean {
  if (canonical(b) === a.path) return true;
  const s = statOf(b);
  return a.stat !== undefined && s !== undefined && a.stat.dev === s.dev && a.stat.ino === s.ino;
}

function isSqliteFile(file: string): boolean {
  const head = Buffer.alloc(SQLITE_HEADER.length);
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    return fs.readSync(fd, head, 0, head.length, 0) === head.length && head.equals(SQLITE_HEADER);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Check an output path before anything is written (exit 3 naming the path): not the store or one of
 * its files, not a file being read, not another SQLite database (a store or a backup), a regular
 * file or none yet, in a folder that exists and can be written. Returns the real path to write to,
 * so a link keeps pointing at the new file.
 */
export function checkOutputPath(file: string, guard: OutputGuard = {}): string {
  const target = { path: canonical(file), stat: statOf(file) };
  if (guard.store !== undefined && STORE_COMPANIONS.some((suffix) => sameFile(target, `${guard.store}${suffix}`))) {
    throw new InputError('output.isStore', { file, store: guard.store });
  }
  if (guard.inputs?.some((input) => sameFile(target, input))) throw new InputError('output.isInput', { file });
  // A folder, a device, a pipe, /dev/stdout (which resolves to whatever fd 1 is): a rename would
  // replace the entry itself, not write into it.
  if ((target.stat && !target.stat.isFile()) || /^\/(dev|proc)\//.test(path.resolve(file))) {
    throw new InputError('output.notAFile', { file });
  }
  if (target.stat && isSqliteFile(target.path)) throw new InputError('output.isDatabase', { file });
  const dir = path.dirname(target.path);
  if (!statOf(dir)?.isDirectory()) throw new InputError('output.noFolder', { file, dir: path.dirname(path.resolve(file)) });
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new InputError('output.notWritable', { file, dir });
  }
  return target.path;
}

// Temporary paths not yet placed: removed if the process ends first (an error, Ctrl-C, a kill).
const pending = new Set<string>();
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** A temporary path and the files SQLite keeps beside a database there. */
function removeTemp(p: string): void {
  for (const suffix of STORE_COMPANIONS) fs.rmSync(`${p}${suffix}`, { recursive: true, force: true });
}

function removePending(): void {
  for (const p of pending) removeTemp(p);
  pending.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removePending();
  untrack();
  // Die of the same signal, so the caller sees how the process ended.
  process.kill(process.pid, signal);
}

function track(p: string): void {
  if (pending.size === 0) {
    for (const s of SIGNALS) process.on(s, onSignal);
    process.on('exit', removePending);
  }
  pending.add(p);
}

function untrack(p?: string): void {
  if (p !== undefined) pending.delete(p);
  if (pending.size === 0) {
    for (const s of SIGNALS) process.removeListener(s, onSignal);
    process.removeListener('exit', removePending);
  }
}

const TEMP_NAME = /^\.(.+)~(\d+)-[0-9a-f]+\.tmp(?:-wal|-shm|-journal)?$/;

/** Remove what a killed run (kill -9, power cut) left beside `target`: temporaries of dead processes. */
function sweepStale(target: string): void {
  const dir = path.dirname(target);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m || m[1] !== path.basename(target) || processAlive(Number(m[2]))) continue;
    fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}

/**
 * Eight random hex digits. node:crypto is required here, on first use, not imported at the top: this
 * module is loaded by every command that may write a file (`due --output`), and loading node:crypto
 * cost `due --json` 4 ms of start-up it never used (CPU profile on the 100k bench store).
 */
function randomHex(): string {
  const crypto = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return crypto.randomBytes(4).toString('hex');
}

/** An unused hidden path beside `target` (same folder, so the final rename is atomic), removed unless placed. */
export function tempPathNear(target: string): { path: string; remove: () => void } {
  sweepStale(target);
  const p = path.join(path.dirname(target), `.${path.basename(target)}~${process.pid}-${randomHex()}.tmp`);
  track(p);
  return {
    path: p,
    remove: () => {
      removeTemp(p);
      untrack(p);
    },
  };
}

export interface PlaceOptions {
  /** Replace an existing file (exports); otherwise an existing file is an error (stores, backups). */
  replace: boolean;
  /** The error when `replace` is false and the target exists. */
  exists?: () => Error;
}

/** Flush a file and its folder entry to disk, so the rename never exposes a file still in the cache. */
function syncToDisk(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function syncFolder(dir: string): void {
  try {
    syncToDisk(dir);
  } catch {
    // Some file systems cannot sync a folder; the rename itself is still atomic.
  }
}

function place(temp: string, target: string, options: PlaceOptions): void {
  syncToDisk(temp);
  if (options.replace) {
    fs.renameSync(temp, target);
  } else {
    // A hard link fails if the target exists, even one created a moment ago by another process.
    try {
      fs.linkSync(temp, target);
      fs.rmSync(temp);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw options.exists?.() ?? err;
      // File systems without hard links (FAT on a USB stick): check, then rename.
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw err;
      if (fs.existsSync(target)) throw options.exists?.() ?? err;
      fs.renameSync(temp, target);
    }
  }
  syncFolder(path.dirname(target));
}

/**
 * A failed file operation as the user reads it: the path and the cause (exit 4, a disk problem).
 * Anything else (a store error while building, a bad row) passes through to be reported as itself.
 */
function writeError(file: string, err: unknown): unknown {
  const e = err as NodeJS.ErrnoException;
  if (err instanceof HuifangError || e?.syscall === undefined) return err;
  if (e.code === 'ENOSPC' || e.code === 'EDQUOT' || e.code === 'EFBIG') return new StoreError('output.diskFull', { file });
  return new StoreError('output.writeFailed', { file, detail: e.message });
}

/**
 * Build `target` in a temporary file beside it and move it into place when `build` has finished
 * (it may be async); if `build` or the move fails, the temporary file is removed and the old file
 * is left as it was.
 */
export function buildFile<T>(target: string, build: (tempPath: string) => T, options: PlaceOptions): T {
  const temp = tempPathNear(target);
  const finish = (value: T): T => {
    try {
      place(temp.path, target, options);
    } catch (err) {
      temp.remove();
      throw writeError(target, err);
    }
    untrack(temp.path);
    return value;
  };
  const fail = (err: unknown): never => {
    temp.remove();
    throw writeError(target, err);
  };
  let result: T;
  try {
    result = build(temp.path);
  } catch (err) {
    return fail(err);
  }
  if (result instanceof Promise) return result.then(finish, fail) as T;
  return finish(result);
}

/**
 * Write an export after `checkOutputPath`: the whole content in a private (0600) temporary file,
 * then renamed over `file`. `beforePlacing` runs once the content is safely on disk (import commits
 * its good rows there, so the rows and the rejects file land together or not at all).
 */
export function writeOutputFile(file: string, content: string | Uint8Array, beforePlacing?: () => void): void {
  buildFile(
    file,
    (temp) => {
      fs.writeFileSync(temp, content, { mode: 0o600, flag: 'wx' });
      beforePlacing?.();
    },
    { replace: true },
  );
}
