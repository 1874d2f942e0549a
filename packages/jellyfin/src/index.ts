export { jellyfinPlugin } from './plugin.ts';
export type { JellyfinPluginOptions, ServerIdentity } from './server-info.ts';
export { normalizeBasePath, rewriteJellyfinUrl } from './url-rewrite.ts';
export { authenticate } from './auth.ts';
export { toTaskInfo, toTaskResult } from './wire/task-info.ts';

export { formatJellyfinDate } from './wire/dates.ts';
export { JellyfinSocketServer } from './socket/socket-server.ts';
