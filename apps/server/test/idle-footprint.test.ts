import { existsSync, readFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ServerProcess } from './support/server-process.ts';

const IDLE_SECONDS = 3;
/** An idle server's main thread wakes for the lag metric's 100 ms timer and the scheduler's 10 s timer. */
const MAX_WAKEUPS_PER_SECOND = 25;
/**
 * A new server without plugins measured about 220 MiB with the optimizing
 * WebAssembly compiler off and 300 MiB with it on (Node.js 20, Linux x64).
 */
const MAX_IDLE_RSS_MIB = 260;

let server: ServerProcess;

beforeAll(async () => {
  server = await ServerProcess.start({ quiet: true });
});

afterAll(async () => {
  await server?.destroy();
});

/** Reads a number field of /proc/<pid>/task/<thread>/status. Sizes there are in KiB. */
function statusField(pid: number, name: string, thread = pid): number {
  const status = readFileSync(`/proc/${pid}/task/${thread}/status`, 'utf8');
  const match = new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status);
  if (match === null) throw new Error(`/proc/${pid}/task/${thread}/status has no ${name} line`);
  return Number(match[1]);
}

/**
 * Reads how often the server's main thread has blocked and been woken since
 * it started. The count does not grow when the thread is preempted on a busy
 * machine, so it measures wake-ups independently of the machine's load.
 */
function mainThreadVoluntarySwitches(pid: number): number {
  return statusField(pid, 'voluntary_ctxt_switches');
}

describe.runIf(existsSync('/proc/self/status'))('idle server', () => {
  it('wakes its main thread rarely', async () => {
    const pid = server.child.pid as number;
    // Let start-up work and the first scheduler wake-up pass.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const before = mainThreadVoluntarySwitches(pid);

    await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
    const wakeups = mainThreadVoluntarySwitches(pid) - before;

    expect(wakeups).toBeLessThan(IDLE_SECONDS * MAX_WAKEUPS_PER_SECOND);
  });

  it('keeps its resident memory small', () => {
    const rssMiB = statusField(server.child.pid as number, 'VmRSS') / 1024;

    expect(rssMiB).toBeLessThan(MAX_IDLE_RSS_MIB);
  });
});
