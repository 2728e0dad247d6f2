// The import progress bar speaks the user's language (issue 9 point 13: every user-visible word through the catalogues).
import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import { byteProgress } from '../../src/ui/progress.js';

/** A terminal that records what is drawn. */
function fakeTerminal() {
  let drawn = '';
  const stream = {
    isTTY: true,
    columns: 120,
    write: (s: string) => ((drawn += s), true),
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
    on: () => stream,
    removeListener: () => stream,
  };
  return { stream: stream as unknown as NodeJS.WriteStream, drawn: () => drawn };
}

describe('byteProgress', () => {
  it('in zh the time left is said in Chinese, not "ETA"', () => {
    const term = fakeTerminal();
    const bar = byteProgress('客户.csv', 4 << 20, translator('zh'), term.stream);
    bar.update(2 << 20);
    bar.stop();
    expect(term.drawn()).toContain('2/4 MB | 剩余约');
    expect(term.drawn()).not.toContain('ETA');
  });
});
