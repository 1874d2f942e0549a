export { TEST_POSTGRES_ADMIN_URL, createTestDatabase } from './test-database.ts';
export type { TestDatabase } from './test-database.ts';
export { startPrivatePostgres } from './private-postgres.ts';
export type { PrivatePostgres } from './private-postgres.ts';
export { TEST_PROVIDERS } from './providers.ts';
export type { OpenedTestDatabase, TestProvider } from './providers.ts';
