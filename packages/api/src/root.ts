import { activityRouter } from './router/activity.ts';
import { apiKeysRouter, usersRouter } from './router/accounts.ts';
import { liveRouter } from './router/live.ts';
import { runsRouter } from './router/runs.ts';
import { serverRouter } from './router/server.ts';
import { tasksRouter } from './router/tasks.ts';
import { router } from './trpc.ts';

/** Every tRPC procedure Tickwork serves, by domain. */
export const appRouter = router({
  server: serverRouter,
  tasks: tasksRouter,
  runs: runsRouter,
  live: liveRouter,
  activity: activityRouter,
  users: usersRouter,
  apiKeys: apiKeysRouter,
});

export type AppRouter = typeof appRouter;
