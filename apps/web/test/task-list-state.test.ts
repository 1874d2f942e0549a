import type { TaskDto } from '@tickwork/api';
import { describe, expect, it } from 'vitest';

import { applyTaskListEvent, groupTasks } from '../src/task-list-state';

function task(overrides: Partial<TaskDto>): TaskDto {
  return {
    id: 'a',
    key: 'A',
    name: 'A',
    description: '',
    category: 'Maintenance',
    isHidden: false,
    isEnabled: true,
    isLogged: true,
    scope: 'cluster',
    state: 'idle',
    progress: null,
    triggers: [],
    nextFireTimes: [],
    nextRunAt: null,
    lastResult: null,
    ...overrides,
  };
}

describe('applyTaskListEvent', () => {
  it('replaces the list on a snapshot and updates progress', () => {
    let tasks = applyTaskListEvent(new Map([['old', task({ id: 'old' })]]), { type: 'snapshot', tasks: [task({ id: 'a' })] });
    expect([...tasks.keys()]).toEqual(['a']);

    tasks = applyTaskListEvent(tasks, { type: 'progress', taskId: 'a', progress: 42 });
    expect(tasks.get('a')?.progress).toBe(42);
  });

  it('ignores progress of an unknown task', () => {
    const tasks = applyTaskListEvent(new Map(), { type: 'progress', taskId: 'missing', progress: 5 });
    expect(tasks.size).toBe(0);
  });
});

describe('groupTasks', () => {
  const tasks = [
    task({ id: '1', name: 'Zeta', category: 'Maintenance' }),
    task({ id: '2', name: 'Alpha', category: 'Maintenance' }),
    task({ id: '3', name: 'Scan', category: 'Library' }),
    task({ id: '4', name: 'Secret', category: 'Library', isHidden: true }),
  ];

  it('sorts categories and names', () => {
    expect(groupTasks(tasks, '', false).map((group) => [group.category, group.tasks.map((t) => t.name)])).toEqual([
      ['Library', ['Scan']],
      ['Maintenance', ['Alpha', 'Zeta']],
    ]);
  });

  it('filters and shows hidden tasks on request', () => {
    expect(groupTasks(tasks, 'se', true).flatMap((group) => group.tasks.map((t) => t.name))).toEqual(['Secret']);
    expect(groupTasks(tasks, 'se', false)).toEqual([]);
  });
});
