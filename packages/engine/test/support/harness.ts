import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { openDatabase } from '@tickwork/db';
import type { Database } from '@tickwork/db';

import { Engine } from '../../src/engine.ts';
import type { EngineOptions } from '../../src/engine.ts';
import type { RunResult } from '../../src/task-snapshot.ts';
import type { TaskDefinition } from '../../src/task-definition.ts';
import { FakeClock } from '../../src/testing/fake-clock.ts';

/** A temporary folder with a real SQLite database file, removed by cleanup(). */
export class TestWorld {
  readonly folder = mkdtempSync(path.join(os.tmpdir(), 'tickwork-engine-'));
  readonly databaseUrl = `file:${path.join(this.folder, 'tickwork.db')}`;
  readonly #open: Array<{ engine: Engine; database: Database }> = [];

  /** Opens the database and starts an engine with the given tasks on a fake clock. */
  async startEngine(
    tasks: TaskDefinition[],
    clock: FakeClock,
    options: Partial<EngineOptions> = {},
  ): Promise<{ engine: Engine; database: Database; ended: RunResult[] }> {
    const database = await openDatabase({ url: this.databaseUrl });
    const engine = new Engine({
      database,
      clock,
      timeZone: 'UTC',
      paths: {
        data: this.folder,
        cache: path.join(this.folder, 'cache'),
        transcode: path.join(this.folder, 'transcodes'),
        logs: path.join(this.folder, 'log'),
      },
      // On SQLite a sweep only marks the node seen. Every 10 s, it would add a
      // write to each 10 s step of tests that move the fake clock by days.
      sweepMs: 3_600_000,
      ...options,
    });
    for (const task of tasks) engine.register(task);
    const ended: RunResult[] = [];
    engine.events.on('runEnded', (result) => ended.push(result));
    await engine.start();
    this.#open.push({ engine, database });
    return { engine, database, ended };
  }

  /** Stops an engine as a graceful shutdown would, and closes its database. */
  async stopEngine(engine: Engine): Promise<void> {
    const index = this.#open.findIndex((entry) => entry.engine === engine);
    const [entry] = this.#open.splice(index, 1);
    await engine.stop();
    await entry?.database.close();
  }

  async cleanup(): Promise<void> {
    for (const { engine, database } of this.#open.splice(0)) {
      await engine.stop();
      await database.close();
    }
    rmSync(this.folder, { recursive: true, force: true });
  }
}

/** A promise with its resolve function, for task bodies a test releases. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** Resolves when the signal aborts, rejecting with its reason as AbortSignal-aware APIs do. */
export function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/** Waits, on real time, until a condition holds; for database writes that finish in the background. */
export async function eventually(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export const HOUR_TICKS = 36_000_000_000;
export const MINUTE_TICKS = 600_000_000;

/** Starts a task by key, waits for the run to end, and returns its result and log messages. */
export async function runTaskToEnd(engine: Engine, key: string) {
  const id = engine.resolveTaskId(key);
  if (id === undefined) throw new Error(`no task with key ${key}`);
  const started = engine.startTask(id);
  if (started !== 'started') throw new Error(`task ${key} did not start: ${started}`);
  await engine.whenIdle(id);
  const result = engine.getTask(id)?.lastResult;
  const lines = await engine.runLogs.linesOf(result?.runId as string);
  return { result, lines: lines.map((line) => line.message) };
}

/**
 * Starts a task by key and stops it from inside its first progress report
 * between 0 and 100 percent, so the stop lands midway on every machine.
 * Returns the run's status.
 */
export async function stopAtFirstProgress(engine: Engine, key: string) {
  const id = engine.resolveTaskId(key);
  if (id === undefined) throw new Error(`no task with key ${key}`);
  const unsubscribe = engine.events.on('progress', (event) => {
    if (event.taskId !== id || event.progress <= 0 || event.progress >= 100) return;
    unsubscribe();
    engine.stopTask(id);
  });
  engine.startTask(id);
  await engine.whenIdle(id);
  unsubscribe();
  return engine.getTask(id)?.lastResult?.status;
}
