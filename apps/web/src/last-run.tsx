import type { RunResultDto } from '@tickwork/api';

import { formatAgo, formatDuration, formatZonedDateTime } from './time-format';

const STATUS_LABELS: Record<RunResultDto['status'], string> = {
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
  aborted: 'Aborted',
};

/** "3 hours ago, took 2 min" with the run's status in its colour. */
export function LastRun({ result, now }: { result: RunResultDto | null; now: Date }) {
  if (result === null) return <span className="muted">Never run</span>;
  const endedAt = new Date(result.endedAt);
  return (
    <span className="last-run">
      <span className={`status status-${result.status}`}>{STATUS_LABELS[result.status]}</span>{' '}
      <time dateTime={result.endedAt} title={formatZonedDateTime(endedAt)}>
        {formatAgo(endedAt, now)}
      </time>
      , took {formatDuration(result.durationMs)}
      {result.status === 'aborted' && result.cancelReason === 'shutdown' ? ' (server shut down)' : null}
    </span>
  );
}
