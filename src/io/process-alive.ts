// Whether a process still runs: how leftovers of a killed run (temporary files, a test server's folder) are told from a live one's.
/** True while process `pid` exists, also when it belongs to another user (EPERM: it exists, we may not signal it). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
