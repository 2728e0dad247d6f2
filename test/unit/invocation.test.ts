// The command the demo's closing hint prints (issue 12 #10): the form that works from where the user is.
import { describe, expect, it } from 'vitest';
import { commandName } from '../../src/io/invocation.js';

describe('commandName', () => {
  it('a clone run through node: the script path from the user’s folder', () => {
    // `npm run demo` in /home/w/huifang: npm starts node with the absolute path and says where the user was in INIT_CWD.
    expect(commandName(['/usr/bin/node', '/home/w/huifang/bin/huifang.js'], { INIT_CWD: '/home/w/huifang' }, '/home/w/huifang')).toBe('node bin/huifang.js');
    expect(commandName(['/usr/bin/node', '/home/w/huifang/bin/huifang.js'], {}, '/home/w/huifang/data')).toBe('node ../bin/huifang.js');
    // Far away: the absolute path, which works from anywhere.
    expect(commandName(['/usr/bin/node', '/home/w/huifang/bin/huifang.js'], {}, '/srv/x/y')).toBe('node /home/w/huifang/bin/huifang.js');
  });

  it('found on the PATH (npm link, a global install): huifang; under npx: npx huifang', () => {
    expect(commandName(['/usr/bin/node', '/usr/local/bin/huifang'], {}, '/tmp')).toBe('huifang');
    expect(commandName(['/usr/bin/node', '/root/.npm/_npx/1/node_modules/.bin/huifang'], { npm_command: 'exec' }, '/tmp')).toBe('npx huifang');
  });
});
