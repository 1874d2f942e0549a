'use client';

import type { LogLineDto } from '@tickwork/api';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';

import { RUN_STATUS_LABELS, describeCancelReason, describeRunStarter, describeRunTrigger } from './run-words';
import { useSession } from './session';
import { formatDuration, formatZonedDateTime } from './time-format';

/**
 * Shows one run: status, error, stack (collapsed) and log lines. While the
 * run is going, lines from the task subscription are appended as they arrive.
 */
export function RunDetail({ runId, liveLines, runsVersion, onClose }: { runId: string; liveLines: LogLineDto[]; runsVersion: number; onClose(): void }) {
  const { client } = useSession();
  const run = useQuery({
    queryKey: ['runs.get', runId, runsVersion],
    queryFn: () => client!.api.runs.get.query({ runId }),
    enabled: client !== undefined,
    placeholderData: (previous) => previous,
  });
  const heading = useRef<HTMLHeadingElement>(null);
  const focusedRunId = useRef<string | undefined>(undefined);
  const loaded = run.data !== undefined;

  // Moves focus to the detail once per opened run, as following a link would. Live updates do not move it again.
  useEffect(() => {
    if (!loaded || focusedRunId.current === runId) return;
    focusedRunId.current = runId;
    heading.current?.focus();
  }, [loaded, runId]);

  if (run.error !== null) {
    return (
      <p role="alert" className="error">
        Could not load the run: {run.error.message}
      </p>
    );
  }
  if (run.data === undefined) return <p>Loading the run…</p>;

  const data = run.data;
  const stored = data.logLines;
  const lastStored = stored.at(-1)?.sequence ?? -1;
  const lines = [...stored, ...liveLines.filter((line) => line.runId === runId && line.sequence > lastStored)];
  const cancelReason = describeCancelReason(data.cancelReason);

  return (
    <section aria-labelledby="run-heading" className="card">
      <div className="row spread">
        <h2 id="run-heading" ref={heading} tabIndex={-1}>
          Run of {formatZonedDateTime(new Date(data.startedAt), undefined, true)}
        </h2>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
      <p>
        <span className={`status status-${data.status}`}>{RUN_STATUS_LABELS[data.status]}</span>
        {cancelReason === undefined ? null : ` (${cancelReason})`} · {describeRunTrigger(data)} by {describeRunStarter(data)} ·{' '}
        {data.durationMs === null ? 'still running' : `took ${formatDuration(data.durationMs)}`}
      </p>
      {data.errorMessage === null ? null : (
        <div className="run-error">
          <h3>Error</h3>
          <p className="error">{data.errorMessage}</p>
          {data.errorStack === null ? null : (
            <details>
              <summary>Stack trace</summary>
              <pre>{data.errorStack}</pre>
            </details>
          )}
        </div>
      )}
      <h3>Log</h3>
      {lines.length === 0 ? (
        <p className="muted">No log lines.</p>
      ) : (
        <ol className="log" aria-live={data.status === 'running' ? 'polite' : 'off'}>
          {lines.map((line) => (
            <li key={line.sequence} className={`log-${line.level}`}>
              <time dateTime={line.at}>{new Date(line.at).toLocaleTimeString('en-GB', { hourCycle: 'h23' })}</time>{' '}
              <span className="log-level">{line.level}</span> {line.message}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
