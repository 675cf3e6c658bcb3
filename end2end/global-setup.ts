// Starts the real server binary for the browser tests: a random port, a throwaway
// database in a temp folder, the demo community seeded, the release site from
// target/site. Its base URL reaches the tests as process.env.LINLI_BASE_URL (the workers
// inherit this process's environment), which playwright.config.ts uses as `baseURL`.
//
// Set LINLI_E2E_URL to test an already running server instead (e.g. one from `make run`).
// The server's output goes to target/e2e/server.log.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');
const STARTUP_MS = 60_000;

export default async function globalSetup(): Promise<void> {
  if (process.env.LINLI_E2E_URL) {
    process.env.LINLI_BASE_URL = process.env.LINLI_E2E_URL.replace(/\/$/, '');
    return;
  }
  const bin = process.env.LINLI_SERVER_BIN ?? path.join(ROOT, 'target/debug/linli-server');
  const site = path.join(ROOT, 'target/site');
  for (const [file, hint] of [
    [bin, 'cargo build -p linli-server'],
    [path.join(site, 'index.html'), 'make site'],
  ]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`${hint}\` first`);
  }

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-e2e-'));
  const logDir = path.join(ROOT, 'target/e2e');
  fs.mkdirSync(logDir, { recursive: true });
  const logPath = path.join(logDir, 'server.log');
  const log = fs.createWriteStream(logPath);

  const child = spawn(bin, [], {
    cwd: ROOT,
    env: {
      ...process.env,
      LINLI_ADDR: '127.0.0.1:0',
      LINLI_DB: path.join(tmp, 'linli.db'),
      LINLI_SEED: 'demo',
      LINLI_SITE: site,
      LINLI_LOG: process.env.LINLI_LOG ?? 'info,tower_http=warn',
      // Every browser in the suite comes from 127.0.0.1: the per-address limits meant for
      // a shared community desk would otherwise trip on the suite itself.
      LINLI_REGISTRATIONS_PER_IP: '10000',
      LINLI_LOGIN_FAILURES_PER_IP: '10000',
      // The alarm tests watch the whole escalation ladder climb.
      LINLI_ALARM_ESCALATE_SECS: '6',
      LINLI_ALARM_RESPONDERS: '四新派出所=027-84640110',
      NO_COLOR: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.pipe(log, { end: false });

  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => fail(`the server printed no "listening on" line within ${STARTUP_MS / 1000} s`),
      STARTUP_MS,
    );
    function fail(why: string) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${why}; see ${logPath}\n${seen.slice(-2000)}`));
    }
    child.stdout.on('data', (chunk: Buffer) => {
      log.write(chunk);
      seen += chunk.toString();
      const m = seen.match(/listening on (http:\/\/[0-9.]+:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code, signal) => fail(`the server exited early (${signal ?? code})`));
    child.on('error', (e) => fail(`cannot start ${bin}: ${e.message}`));
  });
  child.removeAllListeners('exit');

  process.env.LINLI_BASE_URL = url;
  process.env.LINLI_E2E_PID = String(child.pid);
  process.env.LINLI_E2E_TMP = tmp;
  console.log(`linli-server for the browser tests: ${url} (log: ${path.relative(ROOT, logPath)})`);
}
