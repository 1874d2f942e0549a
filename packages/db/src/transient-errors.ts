/**
 * Error codes that mean "try again shortly": the database is locked or busy,
 * or the connection failed. Prisma wraps driver errors, so the code may sit
 * on the error, its cause or its driver-adapter error.
 */
const TRANSIENT_CODES = new Set([
  // Prisma: cannot reach the server, timed out, connection pool timeout, server closed the connection.
  'P1001',
  'P1002',
  'P1008',
  'P1017',
  'P2024',
  // SQLite: database locked or busy.
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  // Node sockets, for PostgreSQL.
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  // PostgreSQL: admin shutdown, cannot connect now, too many connections.
  '57P01',
  '57P03',
  '53300',
]);

const TRANSIENT_KINDS = new Set(['SocketTimeout', 'DatabaseNotReachable', 'ConnectionClosed', 'TooManyConnections']);

/** Tells whether an error from a database call is worth retrying (locked, busy, unreachable). */
export function isTransientDatabaseError(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    seen.add(current);
    const record = current as Record<string, unknown>;
    if (typeof record.code === 'string' && TRANSIENT_CODES.has(record.code)) return true;
    if (typeof record.kind === 'string' && TRANSIENT_KINDS.has(record.kind)) return true;
    if (typeof record.message === 'string' && /SQLITE_BUSY|database is locked/i.test(record.message)) return true;
    current = record.cause ?? record.meta ?? undefined;
  }
  return false;
}

/** Waits between attempts, in milliseconds; one retry per entry. */
const RETRY_DELAYS_MS = [50, 250, 1000];

/**
 * Waits for writes that must outlast a database restart or failover (run
 * starts and ends, fire claims): about 15 s in all, half of a run's
 * default lease. A write that waited too long still cannot overwrite a run
 * that another node took over, because every run write is fenced.
 */
export const OUTAGE_RETRY_DELAYS_MS: readonly number[] = [50, 250, 500, 1000, 2000, 3000, 4000, 4000];

/**
 * Runs a database operation, retrying it while it fails with a transient
 * error (locked, busy, unreachable). The last error is thrown when every
 * attempt failed, for the caller to report (the REST adapter returns 503).
 * Only for operations that are safe to repeat.
 */
export async function retryTransient<T>(operation: () => Promise<T>, delaysMs: readonly number[] = RETRY_DELAYS_MS): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      const delay = delaysMs[attempt];
      if (delay === undefined || !isTransientDatabaseError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** Tells whether an error is a unique-constraint violation (Prisma P2002, SQLite or PostgreSQL codes). */
export function isUniqueViolation(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    seen.add(current);
    const record = current as Record<string, unknown>;
    if (record.code === 'P2002' || record.code === '23505' || record.code === 'SQLITE_CONSTRAINT_UNIQUE') return true;
    if (record.kind === 'UniqueConstraintViolation') return true;
    current = record.cause ?? undefined;
  }
  return false;
}
