// The interactive `log` flow, driven through the one prompt module with scripted answers (SPEC §3.7).
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { importFile } from '../../src/app/import-file.js';
import { initStore } from '../../src/commands/init.js';
import { logCommand } from '../../src/commands/log.js';
import { PromptCancelled } from '../../src/ui/cancelled.js';
import type { Choice, Prompter } from '../../src/ui/prompts.js';
import { CASES, CUSTOMERS_RECORDED_ON, dumpStore, tempDir, testContext, type Captured } from '../helpers.js';

type Answer = unknown | ((arg: { message: string; choices?: Choice<unknown>[]; default?: unknown; source?: (t: string) => Choice<unknown>[] }) => unknown);

/** Answers each question in turn; records the messages asked. */
function scripted(answers: Answer[]): Prompter & { asked: string[] } {
  const asked: string[] = [];
  const next = (arg: { message: string; choices?: Choice<unknown>[]; default?: unknown; source?: (t: string) => Choice<unknown>[] }) => {
    asked.push(arg.message);
    if (answers.length === 0) throw new Error(`unexpected question: ${arg.message}`);
    const a = answers.shift();
    if (a instanceof Error) return Promise.reject(a);
    return Promise.resolve(typeof a === 'function' ? (a as (x: typeof arg) => unknown)(arg) : a);
  };
  return {
    asked,
    search: (message, source) => next({ message, source: source as (t: string) => Choice<unknown>[] }) as never,
    select: (message, choices, d) => next({ message, choices: choices as Choice<unknown>[], default: d }) as never,
    pick: (message, choices) => next({ message, choices: choices as Choice<unknown>[] }) as never,
    checkbox: (message, choices) => next({ message, choices: choices as Choice<unknown>[] }) as never,
    input: (message, o) => next({ message, default: o?.default }) as never,
    confirm: (message, d) => next({ message, default: d }) as never,
  };
}

let env: Captured;
let dbPath: string;

beforeEach(async () => {
  dbPath = path.join(tempDir(), 'h.db');
  env = testContext({ dbPath, today: '2026-11-23' });
  env.ctx.interactive = true;
  initStore(env.ctx).close();
  await importFile(testContext({ dbPath, today: CUSTOMERS_RECORDED_ON }).ctx, 'customers', path.join(CASES, 'customers-utf8-bom.csv'));
  await importFile(env.ctx, 'visits', path.join(CASES, 'visits-good.csv'));
});

describe('interactive log', () => {
  it('finds the customer by part of the name, preselects the due tasks, and records a reached call with an issue', async () => {
    const p = scripted([
      ({ source }: { source?: (t: string) => Choice<unknown>[] }) => {
        const found = source?.('康瑞') ?? []; // part of 深圳康瑞医疗设备有限公司 (C003)
        expect(found.map((c) => c.name)).toEqual(['C003  深圳康瑞医疗设备有限公司']);
        return found[0]?.value;
      },
      'phone', // channel (C003 has no visit yet: phone is the default)
      ({ choices }: { choices?: Choice<unknown>[] }) => {
        expect(choices?.every((c) => c.checked)).toBe(true); // the overdue routine task
        return choices?.map((c) => c.value);
      },
      'reached',
      'self',
      4,
      '使用正常',
      true, // a problem?
      'urgent',
      'product',
      '设备停机',
      '技术部',
      false, // another?
      '', // needs
      ({ default: d }: { default?: unknown }) => {
        // Tier C: the next routine call 6 months on, 2027-05-23, a Sunday → Monday 05-24.
        expect(d).toBe('2027-05-24');
        return d;
      },
      true, // save
    ]);
    await logCommand(env.ctx, undefined, {}, p);
    expect(env.out()).toContain('Recorded visit');
    const d = dumpStore(dbPath);
    const visit = (d.visit as { source: string; score: number; feedback: string; outcome: string }[]).find((v) => v.source === 'log');
    expect(visit).toMatchObject({ outcome: 'reached', score: 4, feedback: '使用正常' });
    expect(d.issue).toEqual([expect.objectContaining({ level: 'urgent', category: 'product', description: '设备停机', department: '技术部' })]);
  });

  it('Ctrl-C at any question writes nothing and exits cleanly', async () => {
    const before = dumpStore(dbPath);
    const p = scripted(['phone', [], new PromptCancelled()]);
    await logCommand(env.ctx, 'C001', {}, p);
    expect(env.err()).toContain('Cancelled; nothing was recorded.');
    expect(dumpStore(dbPath)).toEqual(before);
  });

  it('with --yes nothing is asked, and a missing value is named', async () => {
    const p = scripted([]);
    await expect(logCommand(env.ctx, 'C001', { yes: true }, p)).rejects.toMatchObject({ exitCode: 3 });
    expect(p.asked).toEqual([]);
  });
});
