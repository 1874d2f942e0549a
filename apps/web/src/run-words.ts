import type { RunDto } from '@tickwork/api';

export const RUN_STATUS_LABELS: Record<RunDto['status'], string> = {
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
  aborted: 'Aborted',
};

const TRIGGER_KIND_WORDS: Record<string, string> = {
  daily: 'Daily trigger',
  weekly: 'Weekly trigger',
  interval: 'Interval trigger',
  startup: 'Startup trigger',
  systemEvent: 'Wake from sleep',
};

/** Describes what started a run: "Started by alice", "Daily trigger", "Catch-up after downtime". */
export function describeRunOrigin(run: RunDto): string {
  switch (run.origin) {
    case 'manual':
      return run.userName === null ? 'Started by an API key' : `Started by ${run.userName}`;
    case 'trigger':
      return TRIGGER_KIND_WORDS[run.triggerType ?? ''] ?? 'Trigger';
    case 'startup':
      return 'Startup trigger';
    case 'misfire':
      return 'Catch-up after downtime';
    case 'queue':
      return 'Queued follow-up';
  }
}

const CANCEL_REASON_WORDS: Record<string, string> = {
  user: 'stopped by a user',
  timeout: 'time limit reached',
  shutdown: 'server shut down',
  forced: 'stopped by force after the grace period',
  crash: 'server stopped unexpectedly',
};

export function describeCancelReason(reason: string | null): string | undefined {
  return reason === null ? undefined : (CANCEL_REASON_WORDS[reason] ?? reason);
}
