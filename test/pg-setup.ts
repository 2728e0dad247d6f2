// Vitest global setup (issue 14): a throwaway PostgreSQL server for the tests (bench/throwaway-pg.ts), unless HUIFANG_TEST_PG names one.
//
// The tests get the admin URL as HUIFANG_TEST_PG (set here before the test workers start, so test/pg/*.test.ts
// read it as when it is given by hand) and as inject('pgAdminUrl'). Without the server binaries the
// PostgreSQL runs are skipped with one notice saying how to install them, except under CI=true, where that
// fails the run: in CI they never skip. HUIFANG_TEST_PG=off starts nothing (a quick run of tests that need
// no server), with the same notice.
import type { TestProject } from 'vitest/node';
import { hasDriver, INSTALL_HINT, serverBinaries, startThrowawayServer } from '../bench/throwaway-pg.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The admin URL of the tests' PostgreSQL server (a superuser, database `postgres`), or '' when there is none. */
    pgAdminUrl: string;
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  const given = process.env.HUIFANG_TEST_PG;
  if (given === 'off') {
    // A quick local run of tests that need no server (initdb costs a second or more): said once, never in CI.
    delete process.env.HUIFANG_TEST_PG;
    project.provide('pgAdminUrl', '');
    if (process.env.CI === 'true') throw new Error('CI=true: HUIFANG_TEST_PG=off would skip the tests on PostgreSQL, and in CI they never skip.');
    console.warn('\n*** HUIFANG_TEST_PG=off: no PostgreSQL server was started; every test on PostgreSQL is SKIPPED.\n');
    return undefined;
  }
  if (given) {
    project.provide('pgAdminUrl', given);
    return undefined;
  }
  project.provide('pgAdminUrl', '');

  const bin = serverBinaries();
  const driver = hasDriver();
  if (!bin || !driver) {
    const missing = !bin ? 'the PostgreSQL server binaries (initdb, pg_ctl) are not installed' : 'the optional PostgreSQL driver pg-native is not installed (libpq-dev was missing at npm install)';
    if (process.env.CI === 'true') throw new Error(`CI=true: ${missing}, and in CI the PostgreSQL tests never skip. Install them with: ${INSTALL_HINT}`);
    console.warn(`\n*** ${missing}: every test on PostgreSQL is SKIPPED. Install them with: ${INSTALL_HINT}\n`);
    return undefined;
  }

  const server = await startThrowawayServer(bin, { fast: true });
  process.env.HUIFANG_TEST_PG = server.url; // the test workers are forked after this, with this environment
  project.provide('pgAdminUrl', server.url);
  console.log(`PostgreSQL ${server.version} for the tests at ${server.url} (${server.dir}): initdb ${seconds(server.initdbMs)}, start ${seconds(server.startMs)}`);
  return server.stop;
}
