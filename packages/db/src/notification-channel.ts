import pg from 'pg';

export interface NotificationChannel {
  /** Sends a payload (at most 7,900 bytes of text) to every listener of the channel, this one included. */
  notify(payload: string): Promise<void>;
  close(): Promise<void>;
}

export interface NotificationChannelOptions {
  url: string;
  channel: string;
  onMessage(payload: string): void;
  /** Called after the listening connection was lost and restored: notifications in between are gone. */
  onReconnect?(): void;
  onError?(error: unknown): void;
}

const RECONNECT_DELAY_MS = 1000;

/**
 * PostgreSQL LISTEN/NOTIFY on one channel, with a dedicated connection that
 * reconnects by itself. Notifications are a fast path only: a node that was
 * disconnected must re-read the rows it cares about (see onReconnect).
 */
export async function openNotificationChannel(options: NotificationChannelOptions): Promise<NotificationChannel> {
  if (!/^[a-z_][a-z0-9_]*$/.test(options.channel)) {
    throw new Error(`Invalid channel name "${options.channel}": use lower-case letters, digits and underscores.`);
  }
  let closed = false;
  let client: pg.Client | undefined;
  let sender: pg.Client | undefined;
  /** True while one reconnect loop runs; failed attempts must not start a second one. */
  let reconnecting = false;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: options.url });
    next.on('notification', (message) => {
      if (message.channel === options.channel && message.payload !== undefined) options.onMessage(message.payload);
    });
    next.on('error', (error) => options.onError?.(error));
    next.on('end', () => {
      // Only the established connection's end starts a reconnect; a failed attempt is retried by the loop.
      if (closed || client !== next) return;
      client = undefined;
      void reconnect();
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${options.channel}`);
    } catch (error) {
      await next.end().catch(() => {});
      throw error;
    }
    client = next;
  };

  const reconnect = async (): Promise<void> => {
    if (reconnecting) return;
    reconnecting = true;
    try {
      while (!closed) {
        await new Promise((resolve) => setTimeout(resolve, RECONNECT_DELAY_MS));
        if (closed) return;
        try {
          await connect();
          options.onReconnect?.();
          return;
        } catch (error) {
          options.onError?.(error);
        }
      }
    } finally {
      reconnecting = false;
    }
  };

  const send = async (payload: string): Promise<void> => {
    if (sender === undefined) {
      const next = new pg.Client({ connectionString: options.url });
      next.on('error', (error) => options.onError?.(error));
      next.on('end', () => {
        if (sender === next) sender = undefined;
      });
      try {
        await next.connect();
      } catch (error) {
        await next.end().catch(() => {});
        throw error;
      }
      sender = next;
    }
    await sender.query('SELECT pg_notify($1, $2)', [options.channel, payload]);
  };
  // One notification at a time on the sending connection: pg clients take one query at a time.
  let queue: Promise<void> = Promise.resolve();

  await connect();
  return {
    notify(payload: string): Promise<void> {
      const sent = queue.then(() => send(payload));
      queue = sent.catch(() => {});
      return sent;
    },
    async close(): Promise<void> {
      closed = true;
      await Promise.allSettled([client?.end(), sender?.end()]);
    },
  };
}
