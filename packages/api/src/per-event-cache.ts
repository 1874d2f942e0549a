/**
 * Computes a value once per engine event for every subscriber that receives
 * it. The engine calls all listeners of one emit synchronously with the same
 * event object, so a value keyed by that object describes the same moment
 * for each subscriber. Without it, a task change seen by 1,000 subscribers
 * would build 1,000 identical task DTOs, each computing next fire times.
 */
export class PerEventCache<V> {
  readonly #values = new WeakMap<object, V>();

  get(event: object, compute: () => V): V {
    if (this.#values.has(event)) return this.#values.get(event) as V;
    const value = compute();
    this.#values.set(event, value);
    return value;
  }
}
