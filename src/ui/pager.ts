// Long output on a terminal goes through a pager ($PAGER, else `less -FRX`), so the top of a long list does not scroll away.
import { spawnSync } from 'node:child_process';
import type { Context } from '../cli/context.js';

/** What the shell answers when it cannot find the command. */
const COMMAND_NOT_FOUND = 127;

/**
 * Write `text` to stdout, through the pager when stdout is a terminal, the text is taller than the
 * screen and paging is not turned off (`--no-pager`). A missing pager prints the text instead; a
 * pipe or a file is never paged.
 */
export function writePaged(ctx: Context, text: string, o: { pager: boolean }): void {
  const height = ctx.stdout.rows;
  const tall = height !== undefined && text.split('\n').length - 1 > height - 1;
  if (!o.pager || !ctx.stdout.isTTY || !tall) {
    ctx.stdout.write(text);
    return;
  }
  // -F leaves at once when the text fits after all, -R passes colours, -X leaves the text on the screen.
  const pager = process.env.PAGER?.trim() || 'less -FRX';
  const r = spawnSync(pager, { input: text, stdio: ['pipe', 'inherit', 'inherit'], shell: true, env: { LESSCHARSET: 'utf-8', ...process.env } });
  if (r.error || r.status === COMMAND_NOT_FOUND) ctx.stdout.write(text);
}
