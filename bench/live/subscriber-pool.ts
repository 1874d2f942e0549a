import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import type { ChildMessage, ConnectRequest, ParentMessage } from './subscriber-protocol.ts';

const childScript = fileURLToPath(new URL('./subscriber-process.ts', import.meta.url));

export interface Deliveries {
  values: number[];
  arrivals: number[];
}

/** Subscribers spread evenly over several child processes, driven round by round. */
export class SubscriberPool {
  private constructor(private readonly children: ChildProcess[]) {}

  /** Starts `processes` children holding `subscribers` subscribers in total, and waits until all are subscribed. */
  static async connect(
    processes: number,
    subscribers: number,
    request: Omit<ConnectRequest, 'count'>,
    timeoutMs: number,
  ): Promise<SubscriberPool> {
    const children: ChildProcess[] = [];
    for (let index = 0; index < processes; index += 1) {
      children.push(fork(childScript, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    }
    const pool = new SubscriberPool(children);
    try {
      const ready = pool.#waitForAll('ready', timeoutMs);
      children.forEach((child, index) => {
        const count = Math.floor(subscribers / processes) + (index < subscribers % processes ? 1 : 0);
        pool.#send(child, { type: 'connect', request: { ...request, count } });
      });
      await ready;
    } catch (error) {
      pool.close();
      throw error;
    }
    return pool;
  }

  /** Resolves once every child's subscribers have all seen the end of the current round. */
  waitForRoundEnd(timeoutMs: number): Promise<void> {
    return this.#waitForAll('roundEnded', timeoutMs).then(() => undefined);
  }

  /** Fetches and resets what every child received in the round, merged. */
  async collect(timeoutMs: number): Promise<Deliveries> {
    const replies = this.#waitForAll('deliveries', timeoutMs);
    for (const child of this.children) this.#send(child, { type: 'collect' });
    const merged: Deliveries = { values: [], arrivals: [] };
    for (const reply of await replies) {
      if (reply.type !== 'deliveries') continue;
      for (let index = 0; index < reply.values.length; index += 1) {
        merged.values.push(reply.values[index] as number);
        merged.arrivals.push(reply.arrivals[index] as number);
      }
    }
    return merged;
  }

  /** Closes every subscriber and ends the children. */
  close(): void {
    for (const child of this.children) {
      if (child.connected) this.#send(child, { type: 'close' });
      setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }, 2000).unref();
    }
  }

  #send(child: ChildProcess, message: ParentMessage): void {
    child.send(message);
  }

  /** Waits for one message of the given type from each child. */
  #waitForAll(type: ChildMessage['type'], timeoutMs: number): Promise<ChildMessage[]> {
    return new Promise((resolve, reject) => {
      const replies: ChildMessage[] = [];
      const cleanups: Array<() => void> = [];
      const finish = (error?: Error) => {
        clearTimeout(timer);
        for (const cleanup of cleanups) cleanup();
        if (error === undefined) resolve(replies);
        else reject(error);
      };
      const timer = setTimeout(
        () => finish(new Error(`timed out after ${timeoutMs} ms waiting for "${type}" from ${this.children.length - replies.length} subscriber processes`)),
        timeoutMs,
      );
      for (const child of this.children) {
        const onMessage = (message: ChildMessage) => {
          if (message.type !== type) return;
          child.off('message', onMessage);
          replies.push(message);
          if (replies.length === this.children.length) finish();
        };
        const onExit = (code: number | null) => finish(new Error(`a subscriber process exited with code ${code} while waiting for "${type}"`));
        child.on('message', onMessage);
        child.once('exit', onExit);
        cleanups.push(() => {
          child.off('message', onMessage);
          child.off('exit', onExit);
        });
      }
    });
  }
}
