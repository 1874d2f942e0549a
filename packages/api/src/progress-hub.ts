import type { Engine } from '@tickwork/engine';

import { ProgressThrottle } from './progress-throttle.ts';

interface Member {
  onlyTaskId?: string;
  send(taskId: string, progress: number): void;
}

interface Group {
  throttle: ProgressThrottle;
  members: Set<Member>;
}

export interface ProgressSubscription {
  /** Sends the held value of a task to this subscriber's group now, before another event of that task. */
  flush(taskId: string): void;
  close(): void;
}

const hubs = new WeakMap<Engine, ProgressHub>();

/**
 * Shares progress throttling between subscribers that ask for the same
 * interval. Tasks may report progress thousands of times a second, so there
 * is one listener and one throttle per interval. A report then costs the
 * same for one subscriber or a thousand, and only throttled values fan out.
 */
export class ProgressHub {
  readonly #groups = new Map<number, Group>();
  #unsubscribe: (() => void) | undefined;

  private constructor(private readonly engine: Engine) {}

  static for(engine: Engine): ProgressHub {
    let hub = hubs.get(engine);
    if (hub === undefined) {
      hub = new ProgressHub(engine);
      hubs.set(engine, hub);
    }
    return hub;
  }

  subscribe(intervalMs: number, send: Member['send'], onlyTaskId?: string): ProgressSubscription {
    let group = this.#groups.get(intervalMs);
    if (group === undefined) {
      const members = new Set<Member>();
      const throttle = new ProgressThrottle(intervalMs, (taskId, progress) => {
        for (const member of members) {
          if (member.onlyTaskId === undefined || member.onlyTaskId === taskId) member.send(taskId, progress);
        }
      });
      group = { throttle, members };
      this.#groups.set(intervalMs, group);
    }
    const member: Member = { onlyTaskId, send };
    group.members.add(member);
    this.#unsubscribe ??= this.engine.events.on('progress', (event) => {
      for (const each of this.#groups.values()) each.throttle.report(event.taskId, event.progress);
    });

    const joined = group;
    return {
      flush: (taskId) => joined.throttle.flush(taskId),
      close: () => {
        joined.members.delete(member);
        if (joined.members.size > 0) return;
        joined.throttle.dispose();
        this.#groups.delete(intervalMs);
        if (this.#groups.size === 0) {
          this.#unsubscribe?.();
          this.#unsubscribe = undefined;
        }
      },
    };
  }
}
