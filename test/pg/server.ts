// The PostgreSQL server the tests use (HUIFANG_TEST_PG, an admin URL), and a fresh database per test file.
import { createRequire } from 'node:module';

interface Native {
  connectSync(url: string): void;
  querySync(text: string, values?: unknown[]): Record<string, unknown>[];
  end(): void;
}

/** The admin URL of the test server, or undefined when there is none. */
export function pgAdminUrl(): string | undefined {
  return process.env.HUIFANG_TEST_PG || undefined;
}

function admin(): Native {
  const Client = createRequire(import.meta.url)('pg-native') as new () => Native;
  const c = new Client();
  c.connectSync(pgAdminUrl() as string);
  return c;
}

/** A new empty database on the test server; its URL (the admin's login). */
export async function serverStoreUrl(): Promise<string> {
  const name = `huifang_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const c = admin();
  try {
    c.querySync(`CREATE DATABASE ${name}`);
  } finally {
    c.end();
  }
  const u = new URL(pgAdminUrl() as string);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Drop a database made by serverStoreUrl, ending its sessions first. */
export function dropServerStore(url: string): void {
  const name = new URL(url).pathname.slice(1);
  const c = admin();
  try {
    c.querySync(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    c.end();
  }
}
