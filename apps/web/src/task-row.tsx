'use client';

import type { TaskDto } from '@tickwork/api';

import { LastRun } from './last-run';
import { ProgressBar } from './progress-bar';
import { formatDateTime, zoneName } from './time-format';

export interface TaskActions {
  start(task: TaskDto): void;
  stop(task: TaskDto): void;
  setEnabled(task: TaskDto, isEnabled: boolean): void;
}

/** Shows one task: name, state, live progress or the last run, the next run, and its controls. */
export function TaskRow({ task, now, actions, busy }: { task: TaskDto; now: Date; actions: TaskActions; busy: boolean }) {
  const headingId = `task-${task.id}`;
  const running = task.state === 'running';
  return (
    <li className="task-row" aria-labelledby={headingId} data-task-key={task.key}>
      <div className="task-main">
        <h3 id={headingId} className="task-name">
          <a href={`/tasks/${encodeURIComponent(task.id)}`}>{task.name}</a>
          {task.isHidden ? <span className="tag">hidden</span> : null}
        </h3>
        <div className="task-status">
          {task.state === 'idle' ? (
            <LastRun result={task.lastResult} now={now} />
          ) : (
            <>
              <ProgressBar label={`${task.name} progress`} percent={task.progress} />
              {task.state === 'cancelling' ? <span className="muted">Stopping…</span> : null}
            </>
          )}
        </div>
        <div className="muted small">
          {!task.isEnabled ? (
            'Disabled: triggers do not fire'
          ) : task.nextRunAt === null ? (
            'No scheduled run'
          ) : (
            <>
              Next run: <time dateTime={task.nextRunAt}>{formatDateTime(new Date(task.nextRunAt))}</time>{' '}
              {zoneName(new Date(task.nextRunAt))}
            </>
          )}
        </div>
      </div>
      <div className="task-actions">
        <label className="switch">
          <input
            type="checkbox"
            role="switch"
            checked={task.isEnabled}
            disabled={busy}
            onChange={(event) => actions.setEnabled(task, event.currentTarget.checked)}
            aria-label={`${task.name} enabled`}
          />
          <span aria-hidden="true">Enabled</span>
        </label>
        {running || task.state === 'cancelling' ? (
          <button
            type="button"
            className="button danger"
            disabled={busy || task.state === 'cancelling'}
            onClick={() => actions.stop(task)}
            aria-label={`Stop ${task.name}`}
          >
            Stop
          </button>
        ) : (
          <button
            type="button"
            className="button primary"
            disabled={busy}
            onClick={() => actions.start(task)}
            aria-label={`Start ${task.name}`}
          >
            Start
          </button>
        )}
      </div>
    </li>
  );
}
