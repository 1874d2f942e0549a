import type { Clock, TimerHandle } from './clock.ts';
import type { EngineLogger } from './logger.ts';
import { MinHeap } from './min-heap.ts';
import { nextFireTime } from './schedule/next-fire-time.ts';
import type { StoredAnchor } from './store/task-store.ts';
import type { RunRequest, TaskRuntime } from './task-runtime.ts';
import type { Trigger } from './trigger.ts';

export type MisfirePolicy = 'runOnce' | 'skip';

export interface SchedulerOptions {
  timeZone: string;
  misfirePolicy: MisfirePolicy;
  /** Startup triggers and misfire catch-ups fire this long after start. */
  startupDelayMs: number;
  /** A fire later than this is a misfire (the server was down, asleep or blocked). */
  misfireThresholdMs: number;
  /** Wall time running ahead of monotonic time by more than this means the host slept. */
  wakeThresholdMs: number;
  /** The scheduler wakes at least this often, so clock jumps are noticed. */
  maxTimerWaitMs: number;
  /**
   * Count interval triggers from the end of the last run (Jellyfin's rule).
   * Off in a cluster: there they count from the last scheduled instant, a
   * fixed grid that every node computes alike.
   */
  intervalFromRunEnd: boolean;
  /**
   * Claim a fire in the same commit as its run's row instead of before the
   * run starts. For SQLite, where one process owns the database: the claim
   * then only keeps a fire that ran before a restart from running again,
   * and a scheduled run waits for one commit instead of two.
   */
  claimWithRunStart: boolean;
}

export interface SchedulerDependencies {
  clock: Clock;
  logger: EngineLogger;
  tasks: () => Iterable<TaskRuntime>;
  taskById: (id: string) => TaskRuntime | undefined;
  /** A trigger of an enabled task fired. */
  fire: (task: TaskRuntime, request: RunRequest) => void;
  /** Claims one scheduled fire for this process; false when another process has it. */
  claimFire: (task: TaskRuntime, triggerIndex: number, scheduledAt: number) => Promise<boolean>;
  saveAnchors: (task: TaskRuntime) => Promise<void>;
}

interface HeapEntry {
  at: number;
  taskId: string;
  triggerIndex: number;
  version: number;
}

/**
 * Decides when triggers fire. One timer serves every task: the next fire
 * times sit in a min-heap, and each wake-up re-reads the wall clock, so a
 * sleeping host, a clock jump or a DST change never shifts or loses a fire.
 */
export class Scheduler {
  readonly #deps: SchedulerDependencies;
  readonly #options: SchedulerOptions;
  readonly #heap = new MinHeap<HeapEntry>((entry) => entry.at);
  #timer: TimerHandle | undefined;
  #lastWall = 0;
  #lastMonotonic = 0;
  #startupPending = false;
  /** Monotonic time at which the startup wake-up is due, while it is pending. */
  #startupDueAt = 0;
  #running = false;
  /**
   * The startup triggers armed when the scheduler started. One added later
   * through the API waits for the next process start, as in Jellyfin.
   */
  #startupTriggers = new Set<Trigger>();
  /** Fire claims sent to the database and not yet returned. */
  readonly #pendingClaims = new Set<Promise<void>>();
  /** Heap entries that are not stale: one per armed time-based trigger. */
  #liveEntries = 0;

  constructor(deps: SchedulerDependencies, options: SchedulerOptions) {
    this.#deps = deps;
    this.#options = options;
  }

  /**
   * Arms every trigger. Startup triggers, and fires missed while the server
   * was down, come due together after the startup delay, so a task that has
   * both runs once.
   */
  start(): void {
    this.#running = true;
    this.#lastWall = this.#deps.clock.now();
    this.#lastMonotonic = this.#deps.clock.monotonic();
    for (const task of this.#deps.tasks()) {
      this.#computeNextFires(task);
      for (const trigger of task.triggers) if (trigger.kind === 'startup') this.#startupTriggers.add(trigger);
    }
    this.#startupPending = true;
    this.#startupDueAt = this.#lastMonotonic + this.#options.startupDelayMs;
    this.#arm(this.#options.startupDelayMs);
  }

  stop(): void {
    this.#running = false;
    if (this.#timer !== undefined) this.#deps.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Resolves when every fire claim sent so far has returned and been acted on. */
  async whenClaimsSettled(): Promise<void> {
    while (this.#pendingClaims.size > 0) await Promise.allSettled([...this.#pendingClaims]);
  }

  /** Recomputes a task's next fires, after its triggers changed or a run ended. */
  reschedule(task: TaskRuntime): void {
    if (!this.#running) return;
    this.#computeNextFires(task);
    this.#compactHeap();
    this.#arm();
  }

  #computeNextFires(task: TaskRuntime): void {
    task.scheduleVersion += 1;
    this.#liveEntries -= task.nextFires.filter((at) => at !== undefined).length;
    const lastRunEndAt = this.#options.intervalFromRunEnd ? task.lastResult?.endedAt : undefined;
    task.nextFires = task.triggers.map((trigger, index) => {
      const anchor = task.anchors[index];
      if (anchor === undefined) return undefined;
      const at = nextFireTime(trigger, anchor, this.#options.timeZone, lastRunEndAt);
      if (at !== undefined) {
        this.#heap.push({ at, taskId: task.id, triggerIndex: index, version: task.scheduleVersion });
      }
      return at;
    });
    this.#liveEntries += task.nextFires.filter((at) => at !== undefined).length;
  }

  /** Drops stale heap entries once they outnumber the live ones. */
  #compactHeap(): void {
    if (this.#heap.size <= 2 * this.#liveEntries + 64) return;
    this.#heap.retain((entry) => this.#deps.taskById(entry.taskId)?.scheduleVersion === entry.version);
  }

  #arm(delayMs?: number): void {
    if (!this.#running) return;
    const { clock } = this.#deps;
    if (this.#timer !== undefined) clock.clearTimeout(this.#timer);

    let wait = delayMs ?? this.#options.maxTimerWaitMs;
    if (delayMs === undefined && this.#startupPending) {
      // A reschedule before the startup wake-up keeps its due time; every due fire waits for it.
      wait = Math.max(0, this.#startupDueAt - clock.monotonic());
    } else if (delayMs === undefined) {
      const next = this.#heap.peek();
      if (next !== undefined) wait = Math.min(wait, Math.max(0, next.at - clock.now()));
    }
    this.#timer = clock.setTimeout(() => this.#onTimer(), wait);
  }

  #onTimer(): void {
    this.#timer = undefined;
    if (!this.#running) return;
    const { clock, logger } = this.#deps;
    const now = clock.now();
    const monotonic = clock.monotonic();
    const drift = now - this.#lastWall - (monotonic - this.#lastMonotonic);
    this.#lastWall = now;
    this.#lastMonotonic = monotonic;

    const woke = drift > this.#options.wakeThresholdMs;
    if (woke) logger.info({ sleptMs: drift }, 'Host resumed from sleep');

    const startup = this.#startupPending;
    this.#startupPending = false;

    const due = this.#collectDue(now);
    // Event triggers need a look at every task, but only on the two occasions they fire.
    const candidates = startup || woke ? this.#deps.tasks() : [...due.keys()].map((id) => this.#deps.taskById(id));
    for (const task of candidates) {
      if (task === undefined) continue;
      const entries = due.get(task.id) ?? [];
      const eventIndexes = task.triggers.flatMap((trigger, index) =>
        (startup && this.#startupTriggers.has(trigger)) || (woke && trigger.kind === 'systemEvent') ? [index] : [],
      );
      if (entries.length === 0 && eventIndexes.length === 0) continue;
      this.#fireTask(task, entries, eventIndexes, now, startup);
    }
    if (startup) this.#startupTriggers.clear();
    this.#arm();
  }

  #collectDue(now: number): Map<string, HeapEntry[]> {
    const due = new Map<string, HeapEntry[]>();
    for (;;) {
      const top = this.#heap.peek();
      if (top === undefined || top.at > now) break;
      this.#heap.pop();
      const task = this.#deps.taskById(top.taskId);
      if (task === undefined || task.scheduleVersion !== top.version) continue;
      const list = due.get(task.id) ?? [];
      list.push(top);
      due.set(task.id, list);
    }
    return due;
  }

  /**
   * Handles every trigger of one task that came due in this wake-up: they
   * coalesce into at most one run. A fire that is late by more than the
   * misfire threshold runs once now, or is skipped under the skip policy.
   */
  #fireTask(task: TaskRuntime, entries: HeapEntry[], eventIndexes: number[], now: number, startup: boolean): void {
    const { logger } = this.#deps;
    const key = task.definition.key;
    const misfired = entries.filter((entry) => now - entry.at > this.#options.misfireThresholdMs);

    for (const entry of entries) {
      const anchor = task.anchors[entry.triggerIndex] as StoredAnchor;
      // A late fire counts as happening now, so that missed fires do not replay as a burst.
      anchor.lastFireAt = now - entry.at > this.#options.misfireThresholdMs ? now : entry.at;
    }
    if (entries.length > 0) {
      void this.#deps.saveAnchors(task).catch((error: unknown) => {
        logger.error({ err: error, taskKey: key }, 'Failed to save trigger anchors');
      });
    }

    const onTime = entries.filter((entry) => !misfired.includes(entry));
    // The fires a run claims: the on-time ones, or else the missed ones it catches up on.
    const claimed = onTime.length > 0 ? onTime : misfired;
    const first = onTime[0] ?? misfired[0];
    let request: RunRequest | undefined;
    if (onTime.length > 0 || eventIndexes.length > 0) {
      const index = onTime[0]?.triggerIndex ?? (eventIndexes[0] as number);
      request = {
        origin: startup && onTime.length === 0 ? 'startup' : 'trigger',
        triggerIndex: index,
        trigger: task.triggers[index],
        scheduledAt: onTime[0]?.at,
      };
    } else if (first !== undefined && this.#options.misfirePolicy === 'runOnce') {
      request = { origin: 'misfire', triggerIndex: first.triggerIndex, trigger: task.triggers[first.triggerIndex], scheduledAt: first.at };
    }

    if (misfired.length > 0) {
      logger.info(
        { taskKey: key, missed: misfired.map((entry) => new Date(entry.at).toISOString()), policy: this.#options.misfirePolicy },
        this.#options.misfirePolicy === 'runOnce' ? 'Missed fire; running once now' : 'Missed fire; skipped',
      );
    }

    if (request !== undefined) {
      if (!task.isEnabled) {
        logger.debug({ taskKey: key, triggerIndex: request.triggerIndex }, 'Trigger fired for a disabled task; dropped');
      } else if (eventIndexes.length > 0 || task.definition.scope === 'node') {
        // Startup and wake-from-sleep fires, and every fire of a per-node task, belong to this
        // process; no other process claims them.
        this.#deps.fire(task, request);
      } else if (this.#options.claimWithRunStart) {
        const fireClaims = claimed.map((entry) => ({ trigger: task.triggers[entry.triggerIndex] as Trigger, scheduledAt: entry.at }));
        this.#deps.fire(task, { ...request, fireClaims });
      } else {
        const claiming = this.#claimThenFire(task, claimed, request);
        this.#pendingClaims.add(claiming);
        void claiming.finally(() => this.#pendingClaims.delete(claiming));
      }
    }

    this.#computeNextFires(task);
  }

  /**
   * Claims the due fires of one task and starts the run if this process won
   * any of them. In a cluster, every node computes the same fires; the claim
   * makes exactly one of them run each.
   */
  async #claimThenFire(task: TaskRuntime, entries: HeapEntry[], request: RunRequest): Promise<void> {
    const { logger } = this.#deps;
    try {
      const claims = await Promise.all(
        entries.map((entry) => this.#deps.claimFire(task, entry.triggerIndex, entry.at)),
      );
      if (!claims.includes(true)) {
        logger.debug({ taskKey: task.definition.key }, 'Fire claimed by another process');
        return;
      }
    } catch (error) {
      logger.error({ err: error, taskKey: task.definition.key }, 'Failed to claim a fire; it is not run');
      return;
    }
    if (this.#running) this.#deps.fire(task, request);
  }
}
