// Test runner settings: unit, store, io and end-to-end tests live under test/.
import { defineConfig } from 'vitest/config';

const report = process.env.HUIFANG_TEST_REPORT;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Catalogues load on demand (src/i18n/index.ts); tests that build a context or translate directly need them ready.
    setupFiles: ['test/setup-catalogues.ts'],
    // A throwaway PostgreSQL for the tests on that store, unless HUIFANG_TEST_PG names a server (issue 14).
    globalSetup: ['test/pg-setup.ts'],
    // End-to-end tests spawn the real binary; give them room on a loaded 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // .ci/run asks for a JSON report to print a plain "N passed, N failed" line.
    reporters: report ? ['default', ['json', { outputFile: report }]] : ['default'],
  },
});
