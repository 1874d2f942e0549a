import { readFileSync, readdirSync } from 'node:fs';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { defineTask } from '../src/task-definition.ts';
import type { TaskContext } from '../src/task-definition.ts';
import { FakeClock } from '../src/testing/fake-clock.ts';
import { TestWorld, eventually } from './support/harness.ts';

let world: TestWorld;

beforeEach(() => {
  world = new TestWorld();
});

afterEach(async () => {
  await world.cleanup();
});

function processTask(body: (context: TaskContext) => Promise<void>) {
  return defineTask({ key: 'Proc', name: 'Proc', description: '', category: 'Test', execute: body });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('context.runProcess', () => {
  it('resolves with the output of a successful child', async () => {
    let output = '';
    const { engine } = await world.startEngine(
      [processTask(async (context) => {
        output = (await context.runProcess(process.execPath, ['-e', 'console.log("hello")'])).stdout;
      })],
      new FakeClock(Date.now()),
    );
    const id = engine.resolveTaskId('Proc') as string;

    engine.startTask(id);
    await engine.whenIdle(id);

    expect(engine.getTask(id)?.lastResult?.status).toBe('completed');
    expect(output).toBe('hello\n');
  });

  it('fails the run with the exit code and the last error lines', async () => {
    const { engine } = await world.startEngine(
      [processTask(async (context) => {
        await context.runProcess(process.execPath, ['-e', 'console.error("no space left"); process.exit(3)']);
      })],
      new FakeClock(Date.now()),
    );
    const id = engine.resolveTaskId('Proc') as string;

    engine.startTask(id);
    await engine.whenIdle(id);

    const result = engine.getTask(id)?.lastResult;
    expect(result?.status).toBe('failed');
    expect(result?.errorMessage).toContain('exited with code 3');
    expect(result?.errorMessage).toContain('no space left');
  });

  it('names a missing program', async () => {
    const { engine } = await world.startEngine(
      [processTask(async (context) => {
        await context.runProcess('tickwork-no-such-program', []);
      })],
      new FakeClock(Date.now()),
    );
    const id = engine.resolveTaskId('Proc') as string;

    engine.startTask(id);
    await engine.whenIdle(id);

    expect(engine.getTask(id)?.lastResult?.errorMessage).toMatch(/Could not start "tickwork-no-such-program".*not found/);
  });

  it('kills the child and records Cancelled when the run is stopped', async () => {
    const { engine } = await world.startEngine(
      [processTask(async (context) => {
        await context.runProcess('sleep', ['30']);
      })],
      new FakeClock(Date.now()),
    );
    const id = engine.resolveTaskId('Proc') as string;
    const before = new Set(childPidsOf(process.pid));

    engine.startTask(id);
    await eventually(() => childPidsOf(process.pid).some((child) => !before.has(child)));
    const pid = childPidsOf(process.pid).find((child) => !before.has(child)) as number;
    engine.stopTask(id);
    await engine.whenIdle(id);

    expect(engine.getTask(id)?.lastResult?.status).toBe('cancelled');
    await eventually(() => !isRunning(pid));
  });
});

/** Process ids whose parent is `parent`, read from /proc (Linux). */
function childPidsOf(parent: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const parentPid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return parentPid === parent ? [Number(entry)] : [];
      } catch {
        return [];
      }
    });
}
