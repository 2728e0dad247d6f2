// Preloaded into a benchmarked process (node --import): records its peak resident memory and CPU time at exit.
import fs from 'node:fs';
import process from 'node:process';

const out = process.env.HUIFANG_BENCH_RSS_FILE;
if (out) {
  process.on('exit', () => {
    // resourceUsage(): maxRSS in kilobytes, CPU times in microseconds. CPU time is what a loaded
    // machine (eight builds on two cores) inflates least.
    const u = process.resourceUsage();
    fs.writeFileSync(out, `${u.maxRSS} ${u.userCPUTime + u.systemCPUTime}`);
  });
}
