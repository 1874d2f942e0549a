'use client';

import { useSearchParams } from 'next/navigation';
import { useState } from 'react';

import { LastRun } from './last-run';
import { ProgressBar } from './progress-bar';
import { RunDetail } from './run-detail';
import { RunHistory } from './run-history';
import { useSession } from './session';
import { TriggersSection } from './triggers-section';
import { useNow } from './use-now';
import { useServerInfo } from './use-server-info';
import { useTask } from './use-task';

/** Shows one task: description, live state, triggers with their editor, run history and run detail. */
export function TaskPageView({ id }: { id: string }) {
  const { client, signOutIfUnauthorized } = useSession();
  const live = useTask(client, id);
  const info = useServerInfo();
  const now = useNow();
  // The open run lives in the address (?run=<id>), so run links can be opened in a new tab or shared.
  const selectedRunId = useSearchParams().get('run') ?? undefined;
  const selectRun = (runId: string | undefined) => {
    const address = runId === undefined ? window.location.pathname : `${window.location.pathname}?run=${encodeURIComponent(runId)}`;
    window.history.pushState(null, '', address);
  };
  const [actionError, setActionError] = useState<string | undefined>();
  const task = live.task;

  if (task === undefined) {
    return (
      <main className="page">
        {live.error === undefined ? (
          <p aria-live="polite">Loading the task…</p>
        ) : (
          <p role="alert" className="error">
            {live.error} <a href="/">Back to the task list</a>
          </p>
        )}
      </main>
    );
  }

  const act = async (what: 'start' | 'stop') => {
    setActionError(undefined);
    try {
      if (what === 'start') await client!.api.tasks.start.mutate({ id: task.id });
      else await client!.api.tasks.stop.mutate({ id: task.id });
    } catch (caught) {
      if (signOutIfUnauthorized(caught)) return;
      setActionError(`Could not ${what} the task: ${caught instanceof Error ? caught.message : String(caught)}`);
    }
  };

  return (
    <main className="page stack">
      <p className="small">
        <a href="/">Scheduled tasks</a> › {task.category}
      </p>
      <div className="row spread">
        <h1>{task.name}</h1>
        {task.state === 'idle' ? (
          <button type="button" className="button primary" onClick={() => void act('start')}>
            Start
          </button>
        ) : (
          <button type="button" className="button danger" disabled={task.state === 'cancelling'} onClick={() => void act('stop')}>
            Stop
          </button>
        )}
      </div>
      <p>{task.description}</p>
      {actionError === undefined ? null : (
        <p role="alert" className="error">
          {actionError}
        </p>
      )}
      <div className="task-status">
        {task.state === 'idle' ? (
          <LastRun result={task.lastResult} now={now} />
        ) : (
          <>
            <ProgressBar label={`${task.name} progress`} percent={task.progress} />
            {task.state === 'cancelling' ? <span className="muted">Stopping…</span> : null}
          </>
        )}
        {task.isEnabled ? null : <span className="muted">Disabled: triggers do not fire</span>}
      </div>
      <TriggersSection task={task} serverTimeZone={info.data?.timeZone} />
      <RunHistory taskId={task.id} runsVersion={live.runsVersion} selectedRunId={selectedRunId} onSelect={selectRun} />
      {selectedRunId === undefined ? null : (
        <RunDetail runId={selectedRunId} liveLines={live.logLines} runsVersion={live.runsVersion} onClose={() => selectRun(undefined)} />
      )}
    </main>
  );
}
