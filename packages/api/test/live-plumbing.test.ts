import { afterEach, describe, expect, it, vi } from 'vitest';

import { EventChannel } from '../src/event-channel.ts';
import { PerEventCache } from '../src/per-event-cache.ts';
import { ProgressThrottle } from '../src/progress-throttle.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('ProgressThrottle', () => {
  it('sends the first report at once and the latest held one at the interval end', () => {
    vi.useFakeTimers();
    const sent: number[] = [];
    const throttle = new ProgressThrottle(250, (_taskId, progress) => sent.push(progress));

    throttle.report('a', 1);
    throttle.report('a', 2);
    throttle.report('a', 3);
    expect(sent).toEqual([1]);
    vi.advanceTimersByTime(250);

    expect(sent).toEqual([1, 3]);
  });

  it('sends a held value on flush and nothing later', () => {
    vi.useFakeTimers();
    const sent: number[] = [];
    const throttle = new ProgressThrottle(250, (_taskId, progress) => sent.push(progress));

    throttle.report('a', 10);
    throttle.report('a', 20);
    throttle.flush('a');
    vi.advanceTimersByTime(1000);

    expect(sent).toEqual([10, 20]);
  });

  it('throttles each task on its own', () => {
    vi.useFakeTimers();
    const sent: string[] = [];
    const throttle = new ProgressThrottle(250, (taskId, progress) => sent.push(`${taskId}:${progress}`));

    throttle.report('a', 1);
    throttle.report('b', 1);

    expect(sent).toEqual(['a:1', 'b:1']);
  });
});

describe('EventChannel', () => {
  it('yields pushed events in order until closed', async () => {
    const channel = new EventChannel<number>(10);
    channel.push(1);
    channel.push(2);
    channel.close();

    const received: number[] = [];
    for await (const event of channel.drain()) received.push(event);

    expect(received).toEqual([1, 2]);
  });

  it('cuts off a subscriber that falls too far behind', async () => {
    const channel = new EventChannel<number>(3);
    for (let event = 0; event < 5; event += 1) channel.push(event);

    const received: number[] = [];
    const drained = (async () => {
      for await (const event of channel.drain()) received.push(event);
    })();

    await expect(drained).rejects.toThrow(/fell 3 events behind/);
    expect(received).toEqual([0, 1, 2]);
  });

  it('ends when the signal aborts', async () => {
    const channel = new EventChannel<number>(10);
    const controller = new AbortController();
    const drained = (async () => {
      const received: number[] = [];
      for await (const event of channel.drain(controller.signal)) received.push(event);
      return received;
    })();

    channel.push(7);
    await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();

    expect(await drained).toEqual([7]);
  });

  it('delivers an event pushed while the subscriber waits', async () => {
    const channel = new EventChannel<number>(10);
    const iterator = channel.drain();

    const next = iterator.next();
    channel.push(4);

    expect(await next).toEqual({ value: 4, done: false });
  });

  it('finishes once when the subscriber stops early', async () => {
    const channel = new EventChannel<number>(10);
    let finished = 0;
    channel.push(1);
    channel.push(2);

    for await (const event of channel.drain(undefined, () => (finished += 1))) {
      if (event === 1) break;
    }
    channel.push(3);

    expect(finished).toBe(1);
  });

  it('finishes when the channel closes while the subscriber waits', async () => {
    const channel = new EventChannel<number>(10);
    let finished = 0;
    const iterator = channel.drain(undefined, () => (finished += 1));

    const next = iterator.next();
    channel.close();

    expect(await next).toEqual({ value: undefined, done: true });
    expect(finished).toBe(1);
  });
});

describe('PerEventCache', () => {
  it('computes once per event object', () => {
    const cache = new PerEventCache<string>();
    const compute = vi.fn(() => 'dto');
    const event = { taskId: 'a' };

    expect(cache.get(event, compute)).toBe('dto');
    expect(cache.get(event, compute)).toBe('dto');
    expect(compute).toHaveBeenCalledTimes(1);
  });

  it('computes again for another event of the same task', () => {
    const cache = new PerEventCache<number>();
    let calls = 0;

    expect(cache.get({ taskId: 'a' }, () => ++calls)).toBe(1);
    expect(cache.get({ taskId: 'a' }, () => ++calls)).toBe(2);
  });

  it('keeps an undefined result', () => {
    const cache = new PerEventCache<string | undefined>();
    const compute = vi.fn(() => undefined);
    const event = { taskId: 'gone' };

    cache.get(event, compute);
    cache.get(event, compute);
    expect(compute).toHaveBeenCalledTimes(1);
  });
});
