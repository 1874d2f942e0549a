'use client';

import type { RunDto } from '@tickwork/api';
import { useQuery } from '@tanstack/react-query';

import { DurationChart } from './duration-chart';
import { RUN_STATUS_LABELS, describeRunStarter, describeRunTrigger } from './run-words';
import { useSession } from './session';
import { formatDuration, formatZonedDateTime } from './time-format';
import { ZoneNote } from './zone-note';

/** Returns the task page's address with one run's detail open. */
export function runDetailHref(taskId: string, runId: string): string {
  return `/tasks/${encodeURIComponent(taskId)}?run=${encodeURIComponent(runId)}`;
}

/**
 * Lists the task's newest runs with a duration chart. Each start time is a
 * link to the run's detail: a plain click opens it in place, and the address
 * also works in a new tab or when shared.
 */
export function RunHistory({
  taskId,
  runsVersion,
  selectedRunId,
  onSelect,
}: {
  taskId: string;
  runsVersion: number;
  selectedRunId: string | undefined;
  onSelect(runId: string): void;
}) {
  const { client } = useSession();
  const runs = useQuery({
    queryKey: ['runs.list', taskId, runsVersion],
    queryFn: () => client!.api.runs.list.query({ taskId, limit: 30 }),
    enabled: client !== undefined,
    placeholderData: (previous) => previous,
  });

  return (
    <section aria-labelledby="history-heading" className="card">
      <h2 id="history-heading">Run history</h2>
      {runs.error !== null ? (
        <p role="alert" className="error">
          Could not load the run history: {runs.error.message}
        </p>
      ) : runs.data === undefined ? (
        <p>Loading runs…</p>
      ) : runs.data.runs.length === 0 ? (
        <p className="muted">This task has not run yet.</p>
      ) : (
        <>
          <DurationChart runs={runs.data.runs} />
          <ZoneNote />
          <div className="table-wrap">
            <table className="runs">
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Status</th>
                  <th scope="col">Trigger</th>
                  <th scope="col">Started by</th>
                  <th scope="col">Duration</th>
                </tr>
              </thead>
              <tbody>
                {runs.data.runs.map((run: RunDto) => (
                  <tr key={run.id} aria-selected={run.id === selectedRunId}>
                    <td>
                      <a
                        href={runDetailHref(taskId, run.id)}
                        aria-current={run.id === selectedRunId ? 'true' : undefined}
                        onClick={(event) => {
                          // Modified clicks keep the browser's behaviour, such as opening a new tab.
                          if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
                          event.preventDefault();
                          onSelect(run.id);
                        }}
                      >
                        <time dateTime={run.startedAt}>{formatZonedDateTime(new Date(run.startedAt), undefined, true)}</time>
                      </a>
                    </td>
                    <td>
                      <span className={`status status-${run.status}`}>{RUN_STATUS_LABELS[run.status]}</span>
                    </td>
                    <td>{describeRunTrigger(run)}</td>
                    <td>{describeRunStarter(run)}</td>
                    <td>{run.durationMs === null ? '—' : formatDuration(run.durationMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
