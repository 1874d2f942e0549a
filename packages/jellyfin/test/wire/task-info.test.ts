import { describe, expect, it } from 'vitest';

import type { RunResult, TaskSnapshot, Trigger } from '@tickwork/engine';

import { toTaskInfo, toTaskResult, toTaskTriggerInfo } from '../../src/wire/task-info.ts';
import { validateAgainstSchema } from '../support/openapi.ts';

const LIBRARY_ID = '7738148ffcd07979c7ceb148e06b3aed';

function completedRun(overrides: Partial<RunResult> = {}): RunResult {
  return {
    runId: 'run-1',
    taskId: LIBRARY_ID,
    taskKey: 'RefreshLibrary',
    taskName: 'Scan Media Library',
    startedAt: Date.parse('2025-05-01T02:00:00.000Z'),
    endedAt: Date.parse('2025-05-01T02:03:12.520Z'),
    status: 'completed',
    ...overrides,
  };
}

function librarySnapshot(overrides: Partial<TaskSnapshot> = {}): TaskSnapshot {
  return {
    id: LIBRARY_ID,
    key: 'RefreshLibrary',
    name: 'Scan Media Library',
    description: 'Scans the media library for new and changed files.',
    category: 'Library',
    isHidden: false,
    isEnabled: true,
    isLogged: true,
    scope: 'cluster',
    state: 'idle',
    triggers: [{ kind: 'interval', intervalTicks: 432_000_000_000 }],
    lastResult: completedRun(),
    ...overrides,
  };
}

describe('toTaskTriggerInfo', () => {
  it('writes a daily trigger', () => {
    expect(toTaskTriggerInfo({ kind: 'daily', timeOfDayTicks: 72_000_000_000 })).toEqual({
      Type: 'DailyTrigger',
      TimeOfDayTicks: 72_000_000_000,
    });
  });

  it('writes a weekly trigger with a day name', () => {
    expect(toTaskTriggerInfo({ kind: 'weekly', timeOfDayTicks: 0, dayOfWeek: 6 })).toEqual({
      Type: 'WeeklyTrigger',
      TimeOfDayTicks: 0,
      DayOfWeek: 'Saturday',
    });
  });

  it('writes fields in schema order', () => {
    const trigger: Trigger = {
      maxRuntimeTicks: 144_000_000_000,
      dayOfWeek: 0,
      intervalTicks: 36_000_000_000,
      timeOfDayTicks: 5,
      kind: 'interval',
    };

    expect(Object.keys(toTaskTriggerInfo(trigger))).toEqual([
      'Type',
      'TimeOfDayTicks',
      'IntervalTicks',
      'DayOfWeek',
      'MaxRuntimeTicks',
    ]);
  });

  it('writes a startup trigger as Type only', () => {
    expect(JSON.stringify(toTaskTriggerInfo({ kind: 'startup' }))).toBe('{"Type":"StartupTrigger"}');
  });

  it('writes SystemEvent last on a system-event trigger', () => {
    const info = toTaskTriggerInfo({ kind: 'systemEvent', systemEvent: 'wakeFromSleep', maxRuntimeTicks: 10_000_000 });

    expect(JSON.stringify(info)).toBe('{"Type":"SystemEventTrigger","MaxRuntimeTicks":10000000,"SystemEvent":"WakeFromSleep"}');
  });

  it('omits SystemEvent on other types', () => {
    const info = toTaskTriggerInfo({ kind: 'daily', timeOfDayTicks: 0, systemEvent: 'wakeFromSleep' });

    expect(info).not.toHaveProperty('SystemEvent');
  });
});

describe('toTaskResult', () => {
  it('writes a completed run', () => {
    expect(JSON.stringify(toTaskResult(completedRun()))).toBe(
      '{"StartTimeUtc":"2025-05-01T02:00:00.0000000Z","EndTimeUtc":"2025-05-01T02:03:12.5200000Z",' +
        `"Status":"Completed","Name":"Scan Media Library","Key":"RefreshLibrary","Id":"${LIBRARY_ID}"}`,
    );
  });

  it('writes errors of a failed run', () => {
    const result = toTaskResult(completedRun({ status: 'failed', errorMessage: 'disk full', errorStack: 'Error: disk full\n    at scan' }));

    expect(result.Status).toBe('Failed');
    expect(result.ErrorMessage).toBe('disk full');
    expect(result.LongErrorMessage).toBe('Error: disk full\n    at scan');
    expect(Object.keys(result).slice(-2)).toEqual(['ErrorMessage', 'LongErrorMessage']);
  });

  it('omits errors unless the run failed', () => {
    const result = toTaskResult(completedRun({ status: 'cancelled', cancelReason: 'user', errorMessage: 'aborted' }));

    expect(result.Status).toBe('Cancelled');
    expect(result).not.toHaveProperty('ErrorMessage');
    expect(result).not.toHaveProperty('LongErrorMessage');
  });

  it('omits a missing stack of a failed run', () => {
    const result = toTaskResult(completedRun({ status: 'failed', errorMessage: 'boom' }));

    expect(result.ErrorMessage).toBe('boom');
    expect(result).not.toHaveProperty('LongErrorMessage');
  });

  it('names every status', () => {
    expect(toTaskResult(completedRun({ status: 'completed' })).Status).toBe('Completed');
    expect(toTaskResult(completedRun({ status: 'failed' })).Status).toBe('Failed');
    expect(toTaskResult(completedRun({ status: 'cancelled' })).Status).toBe('Cancelled');
    expect(toTaskResult(completedRun({ status: 'aborted' })).Status).toBe('Aborted');
  });
});

describe('toTaskInfo', () => {
  it('writes fields in schema order', () => {
    const info = toTaskInfo(librarySnapshot({ state: 'running', progress: 37.5 }));

    expect(Object.keys(info)).toEqual([
      'Name',
      'State',
      'CurrentProgressPercentage',
      'Id',
      'LastExecutionResult',
      'Triggers',
      'Description',
      'Category',
      'IsHidden',
      'Key',
    ]);
  });

  it('writes an idle task without progress', () => {
    const info = toTaskInfo(librarySnapshot({ progress: 50 }));

    expect(info.State).toBe('Idle');
    expect(info).not.toHaveProperty('CurrentProgressPercentage');
  });

  it('writes progress of a running task', () => {
    const info = toTaskInfo(librarySnapshot({ state: 'running', progress: 42.857142857142854 }));

    expect(info.State).toBe('Running');
    expect(info.CurrentProgressPercentage).toBe(42.857142857142854);
  });

  it('writes progress of a cancelling task', () => {
    const info = toTaskInfo(librarySnapshot({ state: 'cancelling', progress: 80 }));

    expect(info.State).toBe('Cancelling');
    expect(info.CurrentProgressPercentage).toBe(80);
  });

  it('omits progress before the first report', () => {
    const info = toTaskInfo(librarySnapshot({ state: 'running' }));

    expect(info).not.toHaveProperty('CurrentProgressPercentage');
  });

  it('clamps progress to 0-100', () => {
    expect(toTaskInfo(librarySnapshot({ state: 'running', progress: 140 })).CurrentProgressPercentage).toBe(100);
    expect(toTaskInfo(librarySnapshot({ state: 'running', progress: -3 })).CurrentProgressPercentage).toBe(0);
  });

  it('omits NaN progress', () => {
    const info = toTaskInfo(librarySnapshot({ state: 'running', progress: Number.NaN }));

    expect(info).not.toHaveProperty('CurrentProgressPercentage');
  });

  it('omits the result of a never-run task', () => {
    const { lastResult: _lastResult, ...neverRun } = librarySnapshot();
    const info = toTaskInfo(neverRun);

    expect(info).not.toHaveProperty('LastExecutionResult');
    expect(JSON.stringify(info)).not.toContain('null');
  });

  it('writes an empty trigger list', () => {
    expect(toTaskInfo(librarySnapshot({ triggers: [] })).Triggers).toEqual([]);
  });

  it('writes the documented example byte for byte', () => {
    const snapshot = librarySnapshot({
      state: 'running',
      progress: 37.5,
      description: 'Scans your media library for new files and refreshes metadata.',
    });

    expect(JSON.stringify(toTaskInfo(snapshot))).toBe(
      '{"Name":"Scan Media Library","State":"Running","CurrentProgressPercentage":37.5,' +
        `"Id":"${LIBRARY_ID}",` +
        '"LastExecutionResult":{"StartTimeUtc":"2025-05-01T02:00:00.0000000Z","EndTimeUtc":"2025-05-01T02:03:12.5200000Z",' +
        `"Status":"Completed","Name":"Scan Media Library","Key":"RefreshLibrary","Id":"${LIBRARY_ID}"},` +
        '"Triggers":[{"Type":"IntervalTrigger","IntervalTicks":432000000000}],' +
        '"Description":"Scans your media library for new files and refreshes metadata.","Category":"Library",' +
        '"IsHidden":false,"Key":"RefreshLibrary"}',
    );
  });
});

describe('toTaskInfo against the OpenAPI schema', () => {
  const everySchemaTrigger: Trigger[] = [
    { kind: 'daily', timeOfDayTicks: 72_000_000_000, maxRuntimeTicks: 144_000_000_000 },
    { kind: 'weekly', timeOfDayTicks: 108_000_000_000, dayOfWeek: 3 },
    { kind: 'interval', intervalTicks: 216_000_000_000 },
    { kind: 'startup' },
  ];

  const cases: Array<[string, TaskSnapshot]> = [
    ['idle', librarySnapshot({ triggers: everySchemaTrigger })],
    ['running', librarySnapshot({ state: 'running', progress: 12.5 })],
    ['cancelling', librarySnapshot({ state: 'cancelling', progress: 99 })],
    ['never run', { ...librarySnapshot(), lastResult: undefined }],
    [
      'failed',
      librarySnapshot({
        lastResult: completedRun({ status: 'failed', errorMessage: 'ffmpeg not found', errorStack: 'Error: ffmpeg not found' }),
      }),
    ],
    ['aborted', librarySnapshot({ lastResult: completedRun({ status: 'aborted', cancelReason: 'crash' }) })],
    ['hidden without triggers', librarySnapshot({ isHidden: true, triggers: [] })],
  ];

  for (const [label, snapshot] of cases) {
    it(`validates a ${label} task`, () => {
      const info = JSON.parse(JSON.stringify(toTaskInfo(snapshot))) as unknown;

      expect(validateAgainstSchema('TaskInfo', info)).toEqual([]);
    });
  }

  it('validates a failed TaskResult', () => {
    const result = toTaskResult(completedRun({ status: 'failed', errorMessage: 'boom', errorStack: 'at x' }));

    expect(validateAgainstSchema('TaskResult', result)).toEqual([]);
  });

  it('rejects a system-event trigger', () => {
    const info = toTaskInfo(librarySnapshot({ triggers: [{ kind: 'systemEvent', systemEvent: 'wakeFromSleep' }] }));

    expect(validateAgainstSchema('TaskInfo', info)).not.toEqual([]);
  });
});
