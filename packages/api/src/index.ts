export { appRouter } from './root.ts';
export type { AppRouter } from './root.ts';
export { resolvePrincipal } from './context.ts';
export type { ApiContext, ApiDependencies } from './context.ts';
export type { ActivityEntryDto, RunDto, RunResultDto, TaskDto } from './serialize.ts';
export type { LogLineDto, TaskEvent, TaskListEvent } from './router/live.ts';
