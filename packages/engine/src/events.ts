import { EventEmitter } from 'node:events';

import type { ActivityEntry } from './store/activity-log-store.ts';
import type { RunOrigin, RunResult, TaskState } from './task-snapshot.ts';

export interface RunLogLine {
  runId: string;
  taskId: string;
  sequence: number;
  at: number;
  level: 'info' | 'warn' | 'error';
  message: string;
}

/** Everything the engine announces, by event name. */
export interface EngineEvents {
  runStarted: [event: { taskId: string; runId: string; origin: RunOrigin; startedAt: number }];
  stateChanged: [event: { taskId: string; state: TaskState }];
  progress: [event: { taskId: string; runId: string; progress: number }];
  runEnded: [result: RunResult];
  runLog: [line: RunLogLine];
  triggersChanged: [event: { taskId: string }];
  enabledChanged: [event: { taskId: string; isEnabled: boolean }];
  activityAdded: [entry: ActivityEntry];
}

/** A typed EventEmitter for engine events. Listeners must not throw. */
export class EngineEventBus {
  readonly #emitter = new EventEmitter();

  constructor() {
    // Every subscriber of the HTTP and WebSocket layers adds a listener.
    this.#emitter.setMaxListeners(0);
  }

  on<Name extends keyof EngineEvents>(name: Name, listener: (...args: EngineEvents[Name]) => void): () => void {
    this.#emitter.on(name, listener as (...args: unknown[]) => void);
    return () => this.#emitter.off(name, listener as (...args: unknown[]) => void);
  }

  emit<Name extends keyof EngineEvents>(name: Name, ...args: EngineEvents[Name]): void {
    this.#emitter.emit(name, ...args);
  }
}
