// One full reached call typed into the real binary in a pseudo-terminal (util-linux `script`), as a clerk would; on SQLite and PostgreSQL.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answer, BIN, CASES, dumpStore, hasScript, newStore, runCli, storeKinds } from '../helpers.js';

describe.skipIf(!hasScript).each(storeKinds)('log in a terminal, on %s', (kind) => {
  it('asks, then records a reached call with the answers given; a digit is that score, Enter alone chooses nothing (issue 9 #8)', async () => {
    const db = newStore(kind);
    expect(runCli(['--db', db, '--today', '2026-11-23', 'init']).code).toBe(0);
    expect(runCli(['--db', db, '--today', '2026-11-23', 'import', 'customers', path.join(CASES, 'customers-utf8-bom.csv')]).code).toBe(0);
    const { code, screen } = await answer(`node ${BIN} --db ${db} --today 2026-11-23 --lang en log C003`, [
      ['Channel', '\r'], // phone (default)
      ['Which follow-ups', '\r'], // the due routine call, preselected
      ['Outcome', '\r'], // Enter on the untouched question: no default outcome…
      ['Type one of the numbers shown', '1\r'], // …so it asks again; 1) reached
      ['Respondent', '\r'], // self
      ['Satisfaction', '\r'], // no default score either
      ['Type one of the numbers shown', '1\r'], // the digit 1 is one star (it used to pick the first line, 5★)
      ['Feedback', 'calibration ok\r'],
      ['raise a problem', '\r'], // no
      ['Needs', '\r'],
      ['Next follow-up', '\r'], // as proposed
      ['Save this call', '\r'],
    ]);
    expect(code).toBe(0);
    expect(screen).toContain('Recorded visit #1: C003');
    const visit = (dumpStore(db).visit as { outcome: string; score: number; feedback: string; source: string }[])[0];
    expect(visit).toMatchObject({ outcome: 'reached', score: 1, feedback: 'calibration ok', source: 'log' });
  });

  it('speaks Chinese in Chinese mode: key hints, 是/否, the save summary in words (issue 9 #13)', async () => {
    const db = newStore(kind);
    expect(runCli(['--db', db, '--today', '2026-11-23', 'init']).code).toBe(0);
    expect(runCli(['--db', db, '--today', '2026-11-23', 'import', 'customers', path.join(CASES, 'customers-utf8-bom.csv')]).code).toBe(0);
    const { code, screen } = await answer(`node ${BIN} --db ${db} --today 2026-11-23 --lang zh log C003`, [
      ['回访方式', '\r'],
      ['完成哪些事项', '\r'],
      ['结果', '1\r'],
      ['受访人', '\r'],
      ['满意度', '4\r'],
      ['客户反馈', '\r'],
      ['提出问题', 'y\r'],
      ['问题级别', '\r'],
      ['问题类别', '\r'],
      ['问题描述', '证书寄错\r'],
      ['责任部门', '\r'],
      ['其他问题', '\r'],
      ['需求或商机', '\r'],
      ['下次回访日期', '\r'],
      ['保存这条回访记录', '\r'],
    ]);
    expect(code).toBe(0);
    expect(screen).toContain('已记录回访 #1');
    expect(screen).toContain('移动'); // ↑↓ 移动 • ⏎ 选择
    expect(screen).toContain('空格 选择'); // the task checklist's hint names the space bar in Chinese too
    expect(screen).toContain('是/否');
    expect(screen).toContain('! 一般 · 产品 · 证书寄错'); // not general:product:证书寄错
    for (const english of ['navigate', 'select', 'submit', 'space', 'Yes', 'y/N', 'general:product']) expect(screen).not.toContain(english);
    expect((dumpStore(db).visit as { score: number }[])[0]).toMatchObject({ score: 4 });
  });

  it('Ctrl-C in the middle writes nothing and leaves quietly', async () => {
    const db = newStore(kind);
    expect(runCli(['--db', db, '--today', '2026-11-23', 'init']).code).toBe(0);
    expect(runCli(['--db', db, '--today', '2026-11-23', 'import', 'customers', path.join(CASES, 'customers-utf8-bom.csv')]).code).toBe(0);
    const { code, screen } = await answer(`node ${BIN} --db ${db} --today 2026-11-23 --lang en log C003`, [
      ['Channel', '\r'],
      ['Which follow-ups', '\r'],
      ['Outcome', '\x03'],
    ]);
    expect(code).toBe(0);
    expect(screen).toContain('Cancelled; nothing was recorded.');
    expect(screen).not.toMatch(/\n\s+at /);
    expect(dumpStore(db).visit).toEqual([]);
  });
});
