import type { TaskDto, TaskListEvent } from '@tickwork/api';

/** The task list as the live subscription describes it, by task id. */
export type TaskMap = ReadonlyMap<string, TaskDto>;

/** Applies one subscription event: a snapshot replaces the list, the other events change one task. */
export function applyTaskListEvent(tasks: TaskMap, event: TaskListEvent): TaskMap {
  if (event.type === 'snapshot') return new Map(event.tasks.map((task) => [task.id, task]));

  const next = new Map(tasks);
  switch (event.type) {
    case 'taskChanged':
      next.set(event.task.id, event.task);
      break;
    case 'progress': {
      const task = tasks.get(event.taskId);
      if (task !== undefined) next.set(task.id, { ...task, progress: event.progress });
      break;
    }
    case 'runEnded': {
      const task = tasks.get(event.taskId);
      if (task !== undefined) next.set(task.id, { ...task, lastResult: event.result });
      break;
    }
  }
  return next;
}

export interface TaskGroup {
  category: string;
  tasks: TaskDto[];
}

/** Groups tasks by category, both sorted by name as Jellyfin does, keeping those that match the filter. */
export function groupTasks(tasks: Iterable<TaskDto>, filter: string, showHidden: boolean): TaskGroup[] {
  const needle = filter.trim().toLocaleLowerCase();
  const groups = new Map<string, TaskDto[]>();
  for (const task of tasks) {
    if (task.isHidden && !showHidden) continue;
    const haystack = `${task.name} ${task.key} ${task.category} ${task.description}`.toLocaleLowerCase();
    if (needle !== '' && !haystack.includes(needle)) continue;
    const group = groups.get(task.category) ?? [];
    group.push(task);
    groups.set(task.category, group);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([category, members]) => ({ category, tasks: members.sort((a, b) => a.name.localeCompare(b.name)) }));
}
