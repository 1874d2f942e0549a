import type { FastifyInstance, FastifyRequest } from 'fastify';

import { actorOf } from '@tickwork/accounts';
import { authorization } from '../auth.ts';
import { sendJson, sendProblem, sendSerializedJson } from '../json-reply.ts';
import type { JellyfinPluginOptions } from '../server-info.ts';
import { parseBooleanQuery } from '../wire/boolean-query.ts';
import { toTaskInfo, wantsCamelCase } from '../wire/task-info.ts';
import { parseTriggerList } from '../wire/trigger-input.ts';
import { TaskListCache } from './task-list-cache.ts';
import type { TaskListFilters } from './task-list-cache.ts';

type TaskIdParams = { taskId: string };

/** Finds a query parameter by name, ignoring case, as ASP.NET model binding does. */
function queryValue(request: FastifyRequest, name: string): unknown {
  const query = request.query as Record<string, unknown>;
  const key = Object.keys(query).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : query[key];
  return Array.isArray(value) ? value[0] : value;
}

/** Registers the five /ScheduledTasks routes of Jellyfin 10.11. */
export async function scheduledTaskRoutes(app: FastifyInstance, options: JellyfinPluginOptions): Promise<void> {
  const { engine, accounts } = options;
  const { requireAdmin } = authorization(accounts);
  const taskList = new TaskListCache(engine);
  app.addHook('onClose', async () => taskList.close());

  app.get('/ScheduledTasks', { preHandler: requireAdmin }, async (request, reply) => {
    const errors: Record<string, string[]> = {};
    const filters: TaskListFilters = {};
    for (const name of ['isHidden', 'isEnabled'] as const) {
      const parsed = parseBooleanQuery(name, queryValue(request, name));
      if (parsed.ok) filters[name] = parsed.value;
      else errors[name] = [parsed.message];
    }
    if (Object.keys(errors).length > 0) return sendProblem(reply, 400, { errors });

    return sendSerializedJson(reply, taskList.body(filters, wantsCamelCase(request.headers.accept)));
  });

  app.get<{ Params: TaskIdParams }>('/ScheduledTasks/:taskId', { preHandler: requireAdmin }, async (request, reply) => {
    const task = engine.getTask(request.params.taskId);
    if (task === undefined) return sendProblem(reply, 404);
    return sendJson(request, reply, toTaskInfo(task));
  });

  app.post<{ Params: TaskIdParams }>(
    '/ScheduledTasks/Running/:taskId',
    { preHandler: requireAdmin },
    async (request, reply) => {
      const result = engine.startTask(request.params.taskId, actorOf(request.principal));
      if (result === 'not-found') return sendProblem(reply, 404);
      return reply.code(204).send();
    },
  );

  app.delete<{ Params: TaskIdParams }>(
    '/ScheduledTasks/Running/:taskId',
    { preHandler: requireAdmin },
    async (request, reply) => {
      const result = engine.stopTask(request.params.taskId, actorOf(request.principal));
      if (result === 'not-found') return sendProblem(reply, 404);
      return reply.code(204).send();
    },
  );

  app.post<{ Params: TaskIdParams }>(
    '/ScheduledTasks/:taskId/Triggers',
    { preHandler: requireAdmin },
    async (request, reply) => {
      const task = engine.getTask(request.params.taskId);
      if (task === undefined) return sendProblem(reply, 404);
      if (request.headers['content-type'] === undefined) {
        return sendProblem(reply, 415, { detail: 'Send the trigger list as a JSON body with Content-Type: application/json.' });
      }

      const parsed = parseTriggerList(request.body);
      if (!parsed.ok) return sendProblem(reply, 400, { errors: parsed.errors });

      await engine.setTriggers(task.id, parsed.triggers, actorOf(request.principal));
      return reply.code(204).send();
    },
  );
}
