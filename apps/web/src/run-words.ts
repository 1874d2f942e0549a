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

/** Describes the trigger of a run: "Manual start", "Daily trigger", "Catch-up after downtime". */
export function describeRunTrigger(run: RunDto): string {
  switch (run.origin) {
    case 'manual':
      return 'Manual start';
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

/** Names who started a run by hand: the user, "an API key", or "the scheduler" for triggered runs. */
export function describeRunStarter(run: RunDto): string {
  if (run.origin !== 'manual') return 'the scheduler';
  return run.userName ?? 'an API key';
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
