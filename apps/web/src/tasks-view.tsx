'use client';

import type { TaskDto } from '@tickwork/api';
import { useMemo, useState } from 'react';

import { useSession } from './session';
import { groupTasks } from './task-list-state';
import { TaskRow } from './task-row';
import type { TaskActions } from './task-row';
import { useNow } from './use-now';
import { useTaskList } from './use-task-list';

/** Shows the scheduled-task list, grouped by category and kept live by the task-list subscription. */
export function TasksView() {
  const { client, signOutIfUnauthorized } = useSession();
  const { tasks, error: liveError } = useTaskList(client);
  const now = useNow();
  const [filter, setFilter] = useState('');
  const [showHidden, setShowHidden] = useState(false);
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const [actionError, setActionError] = useState<string | undefined>();

  const groups = useMemo(() => groupTasks(tasks?.values() ?? [], filter, showHidden), [tasks, filter, showHidden]);

  const actions = useMemo((): TaskActions => {
    const run = async (task: TaskDto, what: string, call: () => Promise<unknown>) => {
      setActionError(undefined);
      setPending((current) => new Set(current).add(task.id));
      try {
        await call();
      } catch (caught) {
        if (signOutIfUnauthorized(caught)) return;
        setActionError(`Could not ${what} "${task.name}": ${caught instanceof Error ? caught.message : String(caught)}`);
      } finally {
        setPending((current) => {
          const next = new Set(current);
          next.delete(task.id);
          return next;
        });
      }
    };
    return {
      start: (task) => void run(task, 'start', () => client!.api.tasks.start.mutate({ id: task.id })),
      stop: (task) => void run(task, 'stop', () => client!.api.tasks.stop.mutate({ id: task.id })),
      setEnabled: (task, isEnabled) =>
        void run(task, isEnabled ? 'enable' : 'disable', () =>
          client!.api.tasks.setEnabled.mutate({ id: task.id, isEnabled }),
        ),
    };
  }, [client, signOutIfUnauthorized]);

  return (
    <main className="page">
      <h1>Scheduled tasks</h1>
      <div className="toolbar">
        <label className="field inline">
          Filter
          <input type="search" value={filter} onChange={(event) => setFilter(event.currentTarget.value)} placeholder="Name, category or description" />
        </label>
        <label className="check">
          <input type="checkbox" checked={showHidden} onChange={(event) => setShowHidden(event.currentTarget.checked)} />
          Show hidden tasks
        </label>
      </div>
      {actionError === undefined ? null : (
        <p role="alert" className="error">
          {actionError}
        </p>
      )}
      {liveError === undefined ? null : (
        <p role="alert" className="error">
          The live task list failed: {liveError}
        </p>
      )}
      {tasks === undefined ? (
        <p aria-live="polite">Loading tasks…</p>
      ) : groups.length === 0 ? (
        <p>No task matches “{filter}”.</p>
      ) : (
        groups.map((group) => (
          <section key={group.category} aria-labelledby={categoryHeadingId(group.category)} className="category">
            <h2 id={categoryHeadingId(group.category)}>{group.category}</h2>
            <ul className="task-list">
              {group.tasks.map((task) => (
                <TaskRow key={task.id} task={task} now={now} actions={actions} busy={pending.has(task.id)} />
              ))}
            </ul>
          </section>
        ))
      )}
    </main>
  );
}

/** Returns an element id for a category heading. Category names may contain spaces, which ids cannot. */
function categoryHeadingId(category: string): string {
  return `category-${category.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}
