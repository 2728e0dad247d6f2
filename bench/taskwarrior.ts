// The peer in the bench: taskwarrior's `next` over N pending tasks, written straight into its data file (importing them one by one takes hours).
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { seededRandom } from '../src/domain/sample.js';

/** Median seconds of `task next`, or undefined when taskwarrior is not installed. */
export function taskwarriorPeer(dir: string, pending: number, repeat: number): { seconds: number; peakMb: number; version: string } | undefined {
  const version = spawnSync('task', ['--version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) return undefined;
  fs.mkdirSync(dir, { recursive: true });
  const rc = path.join(dir, 'taskrc');
  // gc off: `next` then only reads, as huifang's `due` does once its plan is current.
  fs.writeFileSync(rc, `data.location=${dir}\nconfirmation=off\nverbose=nothing\ngc=off\ncolor=off\nrecurrence=off\nhooks=off\n`);
  const r = seededRandom(5);
  const now = Math.floor(Date.UTC(2026, 10, 23) / 1000);
  const lines: string[] = [];
  for (let i = 1; i <= pending; i++) {
    // Due dates spread around today like the call list's: a few overdue, most weeks or months ahead.
    const due = now + Math.floor((r() * 200 - 10) * 86_400);
    const entry = now - Math.floor(r() * 365 * 86_400);
    lines.push(`[description:"回访 客户${i}有限公司" due:"${due}" entry:"${entry}" modified:"${entry}" project:"huifang" status:"pending" tags:"call" uuid:"${randomUUID()}"]`);
  }
  fs.writeFileSync(path.join(dir, 'pending.data'), `${lines.join('\n')}\n`);
  for (const f of ['completed.data', 'undo.data', 'backlog.data']) fs.writeFileSync(path.join(dir, f), '');
  // Its peak memory is not measured (no probe can be preloaded into it): NaN prints as blank.
  const runs: { seconds: number; peakMb: number }[] = [];
  for (let i = 0; i < repeat; i++) {
    const started = process.hrtime.bigint();
    const run = spawnSync('task', ['next'], { encoding: 'utf8', env: { ...process.env, TASKRC: rc }, maxBuffer: 1 << 26 });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (run.status !== 0) throw new Error(`task next failed: ${run.stderr}`);
    runs.push({ seconds, peakMb: NaN });
  }
  runs.sort((a, b) => a.seconds - b.seconds);
  return { ...(runs[Math.floor(runs.length / 2)] as { seconds: number; peakMb: number }), version: version.stdout.trim() };
}
