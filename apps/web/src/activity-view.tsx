'use client';

import type { ActivityEntryDto } from '@tickwork/api';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

import { splitErrorText } from './error-text';
import { useSession } from './session';
import { formatAgo, formatZonedDateTime } from './time-format';
import { useNow } from './use-now';

/** Shows the activity log, newest first, and adds entries live as the server writes them. */
export function ActivityView() {
  const { client } = useSession();
  const now = useNow();
  const [liveEntries, setLiveEntries] = useState<ActivityEntryDto[]>([]);
  const page = useQuery({
    queryKey: ['activity.list'],
    queryFn: () => client!.api.activity.list.query({ startIndex: 0, limit: 100 }),
    enabled: client !== undefined,
  });

  useEffect(() => {
    if (client === undefined) return;
    const subscription = client.api.activity.onEntry.subscribe(undefined, {
      onData: (entry) => setLiveEntries((current) => [entry, ...current]),
    });
    return () => subscription.unsubscribe();
  }, [client]);

  const stored = page.data?.items ?? [];
  const storedIds = new Set(stored.map((entry) => entry.id));
  const entries = [...liveEntries.filter((entry) => !storedIds.has(entry.id)), ...stored];

  return (
    <main className="page stack">
      <h1>Activity</h1>
      {page.error !== null ? (
        <p role="alert" className="error">
          Could not load the activity log: {page.error.message}
        </p>
      ) : page.data === undefined ? (
        <p>Loading activity…</p>
      ) : entries.length === 0 ? (
        <p className="muted">No activity yet.</p>
      ) : (
        <ul className="task-list">
          {entries.map((entry) => (
            <li key={entry.id} className="task-row" aria-label={entry.name}>
              <div className="task-main">
                <strong>{entry.name}</strong>
                {entry.shortOverview === null ? null : <span>{entry.shortOverview}</span>}
                <EntryOverview entry={entry} />
                <span className="muted small">
                  <span className={`severity severity-${entry.severity.toLowerCase()}`}>{entry.severity}</span> ·{' '}
                  <time dateTime={entry.date} title={formatZonedDateTime(new Date(entry.date))}>
                    {formatAgo(new Date(entry.date), now)}
                  </time>
                  {entry.task === null ? null : (
                    <>
                      {' '}
                      · task <a href={`/tasks/${encodeURIComponent(entry.task.id)}`}>{entry.task.name}</a>
                    </>
                  )}
                </span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

/**
 * Shows an entry's overview when it adds to the name and short overview, such
 * as a failed run's error message. A stack trace in it is collapsed.
 */
function EntryOverview({ entry }: { entry: ActivityEntryDto }) {
  if (entry.overview === null || (entry.shortOverview !== null && entry.overview.includes(entry.shortOverview))) return null;

  const { message, stack } = splitErrorText(entry.overview);
  return (
    <>
      <span className={entry.severity === 'Error' ? 'error overview' : 'overview'}>{message}</span>
      {stack === undefined ? null : (
        <details>
          <summary>Stack trace</summary>
          <pre>{stack}</pre>
        </details>
      )}
    </>
  );
}
