import type { Engine, EngineEvents } from '@tickwork/engine';

import { toCamelCaseKeys } from '../wire/json-casing.ts';
import { toTaskInfo } from '../wire/task-info.ts';

/** The query-string filters of GET /ScheduledTasks. An undefined filter lets every task pass. */
export interface TaskListFilters {
  isHidden?: boolean;
  isEnabled?: boolean;
}

/**
 * Engine events after which a TaskInfo may read differently: state, progress,
 * last result, triggers or the enabled flag. Names, descriptions, categories
 * and the hidden flag are fixed once the engine has started.
 */
const CHANGE_EVENTS: ReadonlyArray<keyof EngineEvents> = [
  'runStarted',
  'stateChanged',
  'progress',
  'runEnded',
  'triggersChanged',
  'enabledChanged',
];

/**
 * The serialized bodies of GET /ScheduledTasks, one per combination of
 * filters and casing that clients requested. Serializing 10,000 tasks took
 * 70–120 ms per request on a 2-core machine, so a body is built on the first
 * request after a change and reused until the next change. Every change
 * event drops every body, synchronously, so no request after the change can
 * read an old one.
 * A task reporting progress often makes each request rebuild, as it did
 * before the cache.
 */
export class TaskListCache {
  readonly #engine: Engine;
  readonly #bodies = new Map<string, Buffer>();
  readonly #unsubscribes: Array<() => void>;
  #closed = false;

  constructor(engine: Engine) {
    this.#engine = engine;
    this.#unsubscribes = CHANGE_EVENTS.map((name) => engine.events.on(name, () => this.#bodies.clear()));
  }

  /** Returns the UTF-8 JSON body listing the tasks that pass the filters, in Jellyfin's casing. */
  body(filters: TaskListFilters, camelCase: boolean): Buffer {
    const key = `${filters.isHidden ?? 'any'}:${filters.isEnabled ?? 'any'}:${camelCase ? 'camel' : 'pascal'}`;
    let body = this.#bodies.get(key);
    if (body === undefined) {
      body = this.#build(filters, camelCase);
      if (!this.#closed) this.#bodies.set(key, body);
    }
    return body;
  }

  /** Stops listening to the engine. Later calls to body() build a new body each time. */
  close(): void {
    this.#closed = true;
    for (const unsubscribe of this.#unsubscribes) unsubscribe();
    this.#unsubscribes.length = 0;
    this.#bodies.clear();
  }

  #build(filters: TaskListFilters, camelCase: boolean): Buffer {
    const tasks = this.#engine
      .listTasks()
      .filter((task) => filters.isHidden === undefined || task.isHidden === filters.isHidden)
      .filter((task) => filters.isEnabled === undefined || task.isEnabled === filters.isEnabled)
      .map(toTaskInfo);
    return Buffer.from(JSON.stringify(camelCase ? toCamelCaseKeys(tasks) : tasks), 'utf8');
  }
}
