// The detached `huifang plan --sync` processes a busy month's first command starts: bench and torture wait for them (or kill them) before touching the store again.
import fs from 'node:fs';

/** The pids of the running `plan --sync` processes of the binary `bin`, found by their command lines. */
export function backgroundSyncs(bin: string): number[] {
  const found: number[] = [];
  for (const pid of fs.readdirSync('/proc').filter((f) => /^\d+$/.test(f))) {
    try {
      // An ended process not yet reaped has an empty command line, so it is not counted.
      const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (args.includes(bin) && args.slice(-3, -1).join(' ') === 'plan --sync') found.push(Number(pid));
    } catch {
      // it ended while we looked
    }
  }
  return found;
}
