export { TEST_POSTGRES_ADMIN_URL, createTestDatabase } from './test-database.ts';
export type { TestDatabase } from './test-database.ts';
export { startPrivatePostgres } from './private-postgres.ts';
export type { PrivatePostgres } from './private-postgres.ts';
