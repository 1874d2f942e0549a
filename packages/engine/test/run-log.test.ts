import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { defineTask } from '../src/task-definition.ts';
import { FakeClock } from '../src/testing/fake-clock.ts';
import { TestWorld, runTaskToEnd } from './support/harness.ts';

let world: TestWorld;

beforeEach(() => {
  world = new TestWorld();
});

afterEach(async () => {
  await world.cleanup();
});

const chatty = (lines: number) =>
  defineTask({
    key: 'Chatty',
    name: 'Chatty',
    description: '',
    category: 'Test',
    execute({ logger }) {
      for (let index = 1; index <= lines; index += 1) {
        if (index % 3 === 0) logger.warn(`line ${index}`);
        else logger.info(`line ${index}`);
      }
      logger.error('last line');
    },
  });

describe('run log lines', () => {
  it('are stored with the run and readable after it ends', async () => {
    const { engine } = await world.startEngine([chatty(3)], new FakeClock(Date.now()));

    const { result } = await runTaskToEnd(engine, 'Chatty');
    const lines = await engine.runLogs.linesOf(result?.runId as string);

    expect(lines.map((line) => [line.sequence, line.level, line.message])).toEqual([
      [1, 'info', 'line 1'],
      [2, 'info', 'line 2'],
      [3, 'warn', 'line 3'],
      [4, 'error', 'last line'],
    ]);
  });

  it('are counted on the run row when it ends', async () => {
    const { engine, database } = await world.startEngine([chatty(5)], new FakeClock(Date.now()));

    const { result } = await runTaskToEnd(engine, 'Chatty');
    const row = await database.prisma.run.findUnique({ where: { id: result?.runId as string } });

    expect(row?.status).toBe('Completed');
    expect(row?.logLineCount).toBe(6);
  });

  it('keep the newest lines with a marker for dropped ones', async () => {
    const { engine } = await world.startEngine([chatty(29)], new FakeClock(Date.now()), { maxLogLinesPerRun: 10 });

    const { result } = await runTaskToEnd(engine, 'Chatty');
    const lines = await engine.runLogs.linesOf(result?.runId as string);

    expect(lines).toHaveLength(11);
    expect(lines[0]).toMatchObject({
      level: 'warn',
      message: '20 earlier log lines were dropped; a run keeps its last 10 lines.',
    });
    expect(lines.slice(1).map((line) => line.message)).toEqual([
      ...Array.from({ length: 9 }, (_, index) => `line ${21 + index}`),
      'last line',
    ]);
  });

  it('survive an engine restart', async () => {
    const first = await world.startEngine([chatty(2)], new FakeClock(Date.now()));
    const { result } = await runTaskToEnd(first.engine, 'Chatty');
    await world.stopEngine(first.engine);

    const second = await world.startEngine([chatty(2)], new FakeClock(Date.now()));
    const lines = await second.engine.runLogs.linesOf(result?.runId as string);

    expect(lines.map((line) => line.message)).toEqual(['line 1', 'line 2', 'last line']);
  });
});
