import type { FastifyInstance } from 'fastify';

import { authorization } from '../auth.ts';
import { sendJson, sendProblem } from '../json-reply.ts';
import type { JellyfinPluginOptions } from '../server-info.ts';
import { formatJellyfinDate } from '../wire/dates.ts';
import { parseBooleanQuery } from '../wire/boolean-query.ts';

/** Server discovery and the activity log. */
export async function systemRoutes(app: FastifyInstance, options: JellyfinPluginOptions): Promise<void> {
  const { server, engine, accounts } = options;
  const { requireAdmin } = authorization(accounts);

  app.get('/System/Info/Public', async (request, reply) =>
    sendJson(request, reply, {
      ...(server.localAddress === undefined ? {} : { LocalAddress: server.localAddress }),
      ServerName: server.name,
      Version: server.version,
      ProductName: 'Tickwork',
      Id: server.id,
      StartupWizardCompleted: true,
    }),
  );

  const ping = async (request: Parameters<typeof sendJson>[0], reply: Parameters<typeof sendJson>[1]) =>
    sendJson(request, reply, server.name);
  app.get('/System/Ping', ping);
  app.post('/System/Ping', ping);

  app.get('/System/ActivityLog/Entries', { preHandler: requireAdmin }, async (request, reply) => {
    const query = lowerCaseKeys(request.query as Record<string, unknown>);
    const errors: Record<string, string[]> = {};

    const startIndex = parseNonNegativeInteger('startIndex', query.startindex, errors);
    const limit = parseNonNegativeInteger('limit', query.limit, errors);
    let minDate: number | undefined;
    if (typeof query.mindate === 'string' && query.mindate !== '') {
      minDate = Date.parse(query.mindate);
      if (Number.isNaN(minDate)) errors.minDate = [`The value "${query.mindate}" is not a valid date; use ISO 8601, for example 2026-01-31T00:00:00Z.`];
    }
    const hasUserId = parseBooleanQuery('hasUserId', query.hasuserid);
    if (!hasUserId.ok) errors.hasUserId = [hasUserId.message];
    if (Object.keys(errors).length > 0) return sendProblem(reply, 400, { errors });

    const page = await engine.activityLog.list({
      startIndex,
      limit,
      minDate,
      hasUserId: hasUserId.ok ? hasUserId.value : undefined,
    });
    return sendJson(request, reply, {
      Items: page.items.map((entry) => ({
        Id: entry.id,
        Name: entry.name,
        ...(entry.overview === undefined ? {} : { Overview: entry.overview }),
        ...(entry.shortOverview === undefined ? {} : { ShortOverview: entry.shortOverview }),
        Type: entry.type,
        ...(entry.itemId === undefined ? {} : { ItemId: entry.itemId }),
        Date: formatJellyfinDate(entry.date),
        UserId: entry.userId ?? '00000000000000000000000000000000',
        Severity: entry.severity,
      })),
      TotalRecordCount: page.totalRecordCount,
      StartIndex: startIndex ?? 0,
    });
  });
}

function lowerCaseKeys(query: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(query).map(([key, value]) => [key.toLowerCase(), Array.isArray(value) ? value[0] : value]),
  );
}

function parseNonNegativeInteger(name: string, value: unknown, errors: Record<string, string[]>): number | undefined {
  if (value === undefined || value === '') return undefined;
  const number = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || !Number.isSafeInteger(number)) {
    errors[name] = [`The value ${JSON.stringify(value)} is not valid for ${name}; use a whole number of 0 or more.`];
    return undefined;
  }
  return number;
}
