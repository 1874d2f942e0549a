import type { Prisma } from '../generated/sqlite/client.ts';
import type { Db } from './client.ts';
import { isTransientDatabaseError } from './transient-errors.ts';

/** The client a write runs on: the database's own, or the shared transaction's. */
export type WriteClient = Prisma.TransactionClient;

/** Limits of one shared transaction, in milliseconds: waiting for the connection, and running. */
const TRANSACTION_LIMITS = { maxWait: 10_000, timeout: 30_000 };

/** Options of one write, for when it goes out without a shared transaction. */
export interface WriteOptions {
  /**
   * The write sends several statements that must commit together. Alone, or
   * sent again after a failed batch, it then gets a transaction of its own.
   */
  atomic?: boolean;
}

interface QueuedWrite {
  query: (client: WriteClient) => Promise<unknown>;
  atomic: boolean;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Commits writes that arrive together in one transaction (group commit).
 *
 * On SQLite with `synchronous=full` every commit waits for an fsync of the
 * write-ahead log, so a run start, a run end and an activity entry that each
 * commit alone cost three fsyncs. Here writes queue while a transaction is
 * being committed and go out together in the next one, so the number of
 * commits per second stays about the same as the load grows while the writes
 * per commit grow with it. A write alone goes out on its own, without a
 * transaction around it (unless it is atomic), and waits for nothing.
 *
 * Each write keeps its own result. When the shared transaction fails for a
 * reason other than a lost connection (a unique violation, say), nothing of
 * it was committed, and every write is sent again on its own, so one bad
 * write fails alone. A transient failure (locked, unreachable) is passed to
 * every write of the batch, for its caller to retry, because the commit may
 * have happened and only its reply was lost.
 */
export class GroupCommit {
  #queue: QueuedWrite[] = [];
  #committing = false;

  constructor(
    private readonly db: Db,
    /**
     * When false, every write goes out at once on its own. PostgreSQL already
     * shares WAL flushes among concurrent commits on its connection pool.
     */
    private readonly batching = true,
  ) {}

  /**
   * Runs `query` in the next shared transaction and resolves with its own
   * result. `query` must send its statements through the client it is given.
   */
  write<T>(query: (client: WriteClient) => Promise<T>, options: WriteOptions = {}): Promise<T> {
    const atomic = options.atomic === true;
    if (!this.batching) return this.#sendAlone(query, atomic);
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({
        query,
        atomic,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      if (!this.#committing) {
        this.#committing = true;
        // Writes made in the same turn of the event loop join the first batch.
        setImmediate(() => void this.#commitQueued());
      }
    });
  }

  async #commitQueued(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue;
      this.#queue = [];
      await this.#commit(batch);
    }
    this.#committing = false;
  }

  async #commit(batch: QueuedWrite[]): Promise<void> {
    if (batch.length === 1) {
      await this.#settle(batch[0] as QueuedWrite);
      return;
    }
    const results: unknown[] = [];
    try {
      // An interactive transaction, not Prisma's batch form: Prisma compiles a batch as a whole
      // each time, while the plan of each single query is compiled once and cached.
      await this.db.$transaction(async (transaction) => {
        for (const write of batch) results.push(await write.query(transaction));
      }, TRANSACTION_LIMITS);
    } catch (error) {
      if (isTransientDatabaseError(error)) {
        for (const write of batch) write.reject(error);
      } else {
        for (const write of batch) await this.#settle(write);
      }
      return;
    }
    batch.forEach((write, index) => write.resolve(results[index]));
  }

  /** Sends one write outside any shared transaction: in a transaction of its own when it is atomic. */
  #sendAlone<T>(query: (client: WriteClient) => Promise<T>, atomic: boolean): Promise<T> {
    return atomic ? this.db.$transaction(query, TRANSACTION_LIMITS) : query(this.db);
  }

  /** Sends one write on its own and settles its promise. */
  async #settle(write: QueuedWrite): Promise<void> {
    try {
      write.resolve(await this.#sendAlone(write.query, write.atomic));
    } catch (error) {
      write.reject(error);
    }
  }
}
