// `staff set --login` on a SQLite file (issue 14 point 4): the login is recorded, and the user is told a file grades no access.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { setStaff } from '../../src/app/staff.js';
import { staffList, staffSet } from '../../src/commands/staff.js';
import { createStore, memoryStore } from '../../src/store/db.js';
import { isStoreOwner, seesWholeStore } from '../../src/store/pg-roles.js';
import { staffByName } from '../../src/store/staff.js';
import { tempDir, testContext } from '../helpers.js';

describe('staff logins on a file store', () => {
  it('records the login, says on stderr that a file cannot limit access, and lists it', () => {
    const file = path.join(tempDir(), 's.db');
    createStore(file).close();
    const set = testContext({ dbPath: file, lang: 'en' });
    staffSet(set.ctx, '王芳', { role: 'clerk', login: 'wangfang' });
    expect(set.out()).toBe('Saved staff member 王芳.\n');
    expect(set.err()).toContain('login wangfang is recorded, but a file store');
    expect(set.err()).toContain('PostgreSQL team store');

    const zh = testContext({ dbPath: file, lang: 'zh' });
    staffSet(zh.ctx, '李娜', { login: 'lina' });
    expect(zh.err()).toMatch(/^提示：已记录登录名 lina，但文件存储 .* 无法按角色限制访问/);

    const table = testContext({ dbPath: file, lang: 'en' });
    staffList(table.ctx, {});
    expect(table.out()).toMatch(/^ Name +Role +Daily capacity +Database login *\n/);
    expect(table.out()).toMatch(/王芳 +clerk +— +wangfang/);

    const json = testContext({ dbPath: file });
    staffList(json.ctx, { json: true });
    expect(JSON.parse(json.out())).toEqual([
      { name: '李娜', role: 'clerk', daily_capacity: null, login: 'lina' },
      { name: '王芳', role: 'clerk', daily_capacity: null, login: 'wangfang' },
    ]);
  });

  it('without logins the table is as it always was; none removes a login; one login, one member (exit 3)', () => {
    const file = path.join(tempDir(), 's.db');
    createStore(file).close();
    const set = testContext({ dbPath: file });
    staffSet(set.ctx, '王芳', { capacity: '20' });
    expect(set.err()).toBe('');
    const table = testContext({ dbPath: file });
    staffList(table.ctx, {});
    expect(table.out()).not.toContain('login');

    const db = memoryStore();
    setStaff(db, '王芳', { login: 'wangfang' });
    expect(() => setStaff(db, '李娜', { login: 'wangfang' })).toThrow(expect.objectContaining({ key: 'staff.loginTaken', exitCode: 3 }));
    expect(staffByName(db, '李娜')).toBeUndefined();
    setStaff(db, '王芳', { login: null });
    expect(staffByName(db, '王芳')?.login).toBeNull();
    setStaff(db, '李娜', { login: 'wangfang' });
    expect(staffByName(db, '李娜')?.login).toBe('wangfang');
    // Whoever holds the file is its owner and sees all of it.
    expect(isStoreOwner(db)).toBe(true);
    expect(seesWholeStore(db)).toBe(true);
  });

  it('an empty --login is a usage mistake named by its option (exit 3)', () => {
    const file = path.join(tempDir(), 's.db');
    createStore(file).close();
    const set = testContext({ dbPath: file });
    expect(() => staffSet(set.ctx, '王芳', { login: ' ' })).toThrow(expect.objectContaining({ exitCode: 3 }));
  });
});
