// Stops the server that global-setup.ts started and removes its throwaway database.

import fs from 'node:fs';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export default async function globalTeardown(): Promise<void> {
  const pid = Number(process.env.LINLI_E2E_PID);
  if (pid > 0 && alive(pid)) {
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + 10_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
  const tmp = process.env.LINLI_E2E_TMP;
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
}
