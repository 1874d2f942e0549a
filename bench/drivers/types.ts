/**
 * What a scheduler driver measures, the same way for Tickwork and its peers,
 * so the suites can put the systems side by side. Every time is read with
 * `preciseNow()` from bench/stats.ts in the process that runs the job body,
 * on this one machine, so all systems are measured with the same clock.
 */

/** Many tasks (or repeatable jobs) on one fixed interval, phases spread evenly over the interval. */
export interface FireScenario {
  tasks: number;
  intervalMs: number;
  /** How long fires are recorded, after the warm-up. */
  durationMs: number;
  /** Fires before this much time has passed since the schedules were created are not counted. */
  warmUpMs: number;
}

export interface FireResult {
  /** Milliseconds from each fire's scheduled instant to the start of its job body. */
  lateness: number[];
  /** Scheduled instants inside the recorded window that started no run. */
  missed: number;
  /** Scheduled instants that started more than one run. */
  duplicates: number;
  /** Fires per second actually started within the recorded window. */
  firesPerSecond: number;
}

/** Manual starts (or enqueued jobs) of a no-op body, all at once, timed until the last one completes. */
export interface ThroughputScenario {
  runs: number;
}

export interface ThroughputResult {
  completed: number;
  seconds: number;
  runsPerSecond: number;
}
