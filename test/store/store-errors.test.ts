// The one mapping from driver and file-system errors to exit codes and sentences (issue 10, point 11).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode, fileErrorFrom } from '../../src/errors.js';
import { inWriteTransaction, openStore, storeErrorFrom } from '../../src/store/db.js';
import { initStore } from '../../src/commands/init.js';
import { tempDir, testContext, sqliteRaw } from '../helpers.js';

/** The error Node raises for a failed system call, as fs.writeFile and streams raise it. */
function errno(code: string, file?: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: failed, write${file ? ` '${file}'` : ''}`), { code, syscall: 'write', ...(file ? { path: file } : {}) });
}

describe('a full disk under the store', () => {
  it('is exit 4 naming the store opened by this process, not an internal error', () => {
    const db = path.join(tempDir(), 'huifang.db');
    initStore(testContext({ dbPath: db }).ctx).close();
    const conn = openStore(db);
    // SQLite reports SQLITE_FULL when the file cannot grow: max_page_count makes that happen here.
    const pages = sqliteRaw(conn).pragma('page_count', { simple: true }) as number;
    sqliteRaw(conn).pragma(`max_page_count = ${pages}`);
    let raised: unknown;
    try {
      inWriteTransaction(conn, () => {
        const add = sqliteRaw(conn).prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
        for (let i = 0; i < 10_000; i++) add.run(`fill${i}`, 'x'.repeat(500));
      });
    } catch (err) {
      raised = err;
    } finally {
      conn.close();
    }
    expect((raised as { code?: string }).code).toBe('SQLITE_FULL');
    // No path passed: the error is raised long after opening, and still names the store.
    const mapped = storeErrorFrom(raised);
    expect(mapped?.exitCode).toBe(ExitCode.store);
    expect(mapped?.key).toBe('store.full');
    expect(mapped?.params).toEqual({ path: db });
  });
});

describe('a store this user may only read', () => {
  it('says when an interrupted write needs recovering by the owner, and when the store is read-only', () => {
    // SQLite's extended codes, as the driver reports them (a -wal left by a killed writer, mode 444).
    expect(storeErrorFrom({ code: 'SQLITE_READONLY_RECOVERY' }, 's.db')).toMatchObject({ exitCode: 4, key: 'store.needsRecovery', params: { path: 's.db' } });
    expect(storeErrorFrom({ code: 'SQLITE_READONLY_CANTINIT' }, 's.db')).toMatchObject({ key: 'store.needsRecovery' });
    expect(storeErrorFrom({ code: 'SQLITE_READONLY' }, 's.db')).toMatchObject({ exitCode: 4, key: 'store.readOnly' });
  });
});

describe('file-system errors on the files a command writes', () => {
  it('a full disk is exit 4 with the file when Node names it, and without when it cannot', () => {
    expect(fileErrorFrom(errno('ENOSPC', 'out.csv'))).toMatchObject({ exitCode: 4, key: 'file.diskFull', params: { path: 'out.csv' } });
    expect(fileErrorFrom(errno('ENOSPC'))).toMatchObject({ exitCode: 4, key: 'disk.full' });
  });

  it('a path that cannot be written is exit 3 naming it, with the cause in the sentence', () => {
    expect(fileErrorFrom(errno('EACCES', '/etc/x.csv'))).toMatchObject({ exitCode: 3, key: 'file.denied', params: { path: '/etc/x.csv' } });
    expect(fileErrorFrom(errno('EROFS', '/ro/x.csv'))).toMatchObject({ exitCode: 3, key: 'file.readOnlyDisk' });
    expect(fileErrorFrom(errno('ENOENT', 'no/such/x.csv'))).toMatchObject({ exitCode: 3, key: 'file.notFound' });
    expect(fileErrorFrom(errno('EISDIR', 'reports'))).toMatchObject({ exitCode: 3, key: 'file.isFolder' });
  });

  it('leaves alone what is not a file-system error', () => {
    expect(fileErrorFrom(new Error('boom'))).toBeUndefined();
    expect(fileErrorFrom({ code: 'SQLITE_FULL' })).toBeUndefined();
    expect(fileErrorFrom(errno('ECONNRESET'))).toBeUndefined();
  });
});
