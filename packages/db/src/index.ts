export { openDatabase } from './client.ts';
export type { Database, Db, OpenDatabaseOptions } from './client.ts';
export { applyMigrations } from './migrate.ts';
export { redactUrl, resolveDatabaseTarget } from './provider.ts';
export type { DatabaseProvider, DatabaseTarget } from './provider.ts';
export { OUTAGE_RETRY_DELAYS_MS, isTransientDatabaseError, isUniqueViolation, retryTransient } from './transient-errors.ts';
export { DatabaseInUseError } from './process-lock.ts';
export { openNotificationChannel } from './notification-channel.ts';
export type { NotificationChannel, NotificationChannelOptions } from './notification-channel.ts';
