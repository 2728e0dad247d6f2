// A throwaway PostgreSQL server (issue 14): for the tests' global setup (test/pg-setup.ts) and `npm run bench -- --pg`.
//
// `initdb` into a fresh temporary folder, the server on 127.0.0.1 only, on a free port, its unix socket in
// that folder; stop() (`pg_ctl stop -m immediate`) removes the folder, and so does the end of the process,
// an exception or SIGINT/SIGTERM/SIGHUP. A process killed with -9 cannot clean up: the next start stops and
// removes what it left (folders `huifang-pg-*` whose owner.pid is no longer alive).
//
// initdb refuses root, so as root the server runs as the system user `huifangpg` (made with useradd when
// missing), through runuser. Authentication is `trust`: the server is reachable only from this machine and
// lives as long as the process that started it.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { processAlive } from '../src/io/process-alive.js';

/** The system user the server runs as when the tests run as root. */
export const SERVER_USER = 'huifangpg';
/** The server's superuser, as on the development server (postgres://owner@127.0.0.1:55432/postgres). */
const SUPERUSER = 'owner';
const FOLDER_PREFIX = 'huifang-pg-';
export const INSTALL_HINT = 'apt-get install postgresql libpq-dev (then npm install again, so the optional pg-native builds)';

/** The folder holding initdb and pg_ctl: on PATH, else Debian's newest /usr/lib/postgresql/<version>/bin. */
export function serverBinaries(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const initdb = path.join(dir, 'initdb');
    if (dir && fs.existsSync(initdb)) {
      // Debian links /usr/bin tools to a wrapper; the real binaries sit beside the resolved initdb.
      const real = path.dirname(fs.realpathSync(initdb));
      if (fs.existsSync(path.join(real, 'pg_ctl'))) return real;
    }
  }
  const debian = '/usr/lib/postgresql';
  const versions = fs.existsSync(debian) ? fs.readdirSync(debian).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) {
    const bin = path.join(debian, v, 'bin');
    if (fs.existsSync(path.join(bin, 'initdb')) && fs.existsSync(path.join(bin, 'pg_ctl'))) return bin;
  }
  return undefined;
}

/** Whether huifang's PostgreSQL driver (the optional pg-native, built against libpq) is installed. */
export function hasDriver(): boolean {
  try {
    createRequire(import.meta.url)('pg-native');
    return true;
  } catch {
    return false;
  }
}

const asRoot = process.getuid?.() === 0;

/** A server program, as the server's user when we are root. */
function asServer(program: string, args: string[]): SpawnSyncReturns<string> {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', SERVER_USER, '--', program, ...args]] : [program, args];
  return spawnSync(cmd, argv, { encoding: 'utf8', timeout: 120_000, cwd: os.tmpdir() });
}

function ensureServerUser(): void {
  if (spawnSync('id', ['-u', SERVER_USER]).status === 0) return;
  const r = spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', SERVER_USER], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cannot create the system user ${SERVER_USER} to run the tests' PostgreSQL (initdb refuses root): ${r.stderr || r.error}`);
}

/** A TCP port free on 127.0.0.1 right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}


/** Stop a server folder's postmaster at once and remove the folder (idempotent). */
function destroy(bin: string, dir: string): void {
  const data = path.join(dir, 'data');
  if (fs.existsSync(path.join(data, 'postmaster.pid'))) asServer(path.join(bin, 'pg_ctl'), ['-D', data, 'stop', '-m', 'immediate', '-s', '-w']);
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Servers left by runs that were killed outright (kill -9): their owner process is gone. */
function removeOrphans(bin: string): void {
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith(FOLDER_PREFIX)) continue;
    const dir = path.join(os.tmpdir(), name);
    let owner = 0;
    try {
      owner = Number(fs.readFileSync(path.join(dir, 'owner.pid'), 'utf8'));
    } catch {
      /* no owner file: a folder being set up right now, or not ours */
      continue;
    }
    if (owner && !processAlive(owner)) destroy(bin, dir);
  }
}

function failure(step: string, r: SpawnSyncReturns<string>, log?: string): Error {
  const tail = log && fs.existsSync(log) ? `\n${fs.readFileSync(log, 'utf8').split('\n').slice(-15).join('\n')}` : '';
  return new Error(`the throwaway PostgreSQL: ${step} failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ''}): ${r.stderr}${r.stdout}${tail}`);
}


/** A running throwaway server: its admin URL (superuser, database `postgres`), how long it took, and how to stop it. */
export interface ThrowawayServer {
  url: string;
  version: string;
  dir: string;
  initdbMs: number;
  startMs: number;
  stop(): void;
}

/**
 * Start a throwaway server with the binaries in `bin` (serverBinaries()). `fast`: fsync and friends off
 * (the tests: crashes of the server itself are not what they test); off for measurements, which must
 * pay what a real server pays.
 */
export async function startThrowawayServer(bin: string, options: { fast: boolean }): Promise<ThrowawayServer> {
  if (asRoot) ensureServerUser();
  removeOrphans(bin);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), FOLDER_PREFIX));
  fs.writeFileSync(path.join(dir, 'owner.pid'), String(process.pid));
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    destroy(bin, dir);
  };
  // Every way out of this process stops the server: the normal end (the teardown below), an exception or
  // process.exit ('exit' runs synchronous code only, which pg_ctl through spawnSync is), and the signals.
  const onSignal = (signal: NodeJS.Signals) => {
    stop();
    // Our handler suppresses the default exit; when nobody else handles the signal, die of it as we would have.
    if (process.listenerCount(signal) === 1) {
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    }
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  process.on('exit', stop);
  for (const s of signals) process.on(s, onSignal);
  const teardown = () => {
    stop();
    process.removeListener('exit', stop);
    for (const s of signals) process.removeListener(s, onSignal);
  };

  try {
    if (asRoot) fs.chownSync(dir, Number(spawnSync('id', ['-u', SERVER_USER], { encoding: 'utf8' }).stdout), Number(spawnSync('id', ['-g', SERVER_USER], { encoding: 'utf8' }).stdout));
    const data = path.join(dir, 'data');
    const log = path.join(dir, 'server.log');
    const t0 = performance.now();
    // C.UTF-8 as the development server: code-point order, like SQLite's BINARY collation.
    const initArgs = ['-D', data, '-U', SUPERUSER, '-A', 'trust', '-E', 'UTF8', '--no-sync'];
    let init = asServer(path.join(bin, 'initdb'), [...initArgs, '--locale=C.UTF-8']);
    if (init.status !== 0) {
      fs.rmSync(data, { recursive: true, force: true });
      init = asServer(path.join(bin, 'initdb'), [...initArgs, '--locale=C']);
    }
    if (init.status !== 0) throw failure('initdb', init);
    const t1 = performance.now();

    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const settings = [
        `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories='${dir}' -c max_connections=200`,
        options.fast ? '-c fsync=off -c synchronous_commit=off -c full_page_writes=off' : '',
      ].join(' ');
      const start = asServer(path.join(bin, 'pg_ctl'), ['-D', data, '-l', log, '-w', '-t', '60', '-s', '-o', settings, 'start']);
      if (start.status === 0) break;
      // Another program may have taken the port between the probe and the start: try another one.
      if (attempt >= 3 || !/could not (bind|create listen)/i.test(fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '')) throw failure('pg_ctl start', start, log);
    }
    const t2 = performance.now();
    const version = spawnSync(path.join(bin, 'postgres'), ['--version'], { encoding: 'utf8' }).stdout.trim().replace(/^postgres \(PostgreSQL\) /, '');
    return { url: `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`, version, dir, initdbMs: t1 - t0, startMs: t2 - t1, stop: teardown };
  } catch (e) {
    teardown();
    throw e;
  }
}
