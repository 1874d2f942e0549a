import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openDatabase } from '@tickwork/db';
import type { Database } from '@tickwork/db';

import { validateAgainstSchema } from '../../../packages/jellyfin/test/support/openapi.ts';
import { LONG_TASK_PLUGIN, SMALL_TASKS_PLUGIN } from './support/plugins.ts';
import { ServerProcess, runCli, waitFor } from './support/server-process.ts';

let server: ServerProcess;
let database: Database;
let quickTaskId: string;
let longTaskId: string;
const STORED_TRIGGERS = [{ Type: 'IntervalTrigger', IntervalTicks: 36_000_000_000 }];

beforeAll(async () => {
  server = await ServerProcess.start({ plugins: { 'long.mjs': LONG_TASK_PLUGIN, 'small.mjs': SMALL_TASKS_PLUGIN } });
  database = await openDatabase({ url: `file:${path.join(server.dataDir, 'tickwork.db')}`, migrate: false });
  const tasks = (await (await server.request('GET', '/ScheduledTasks')).json()) as Array<{ Key: string; Id: string }>;
  quickTaskId = tasks.find((task) => task.Key === 'QuickTask')?.Id as string;
  longTaskId = tasks.find((task) => task.Key === 'LongTask')?.Id as string;
  const stored = await server.request('POST', `/ScheduledTasks/${quickTaskId}/Triggers`, STORED_TRIGGERS);
  expect(stored.status).toBe(204);
});

afterAll(async () => {
  await database?.close();
  await server?.destroy();
});

async function expectProblem(response: Response, status: number): Promise<Record<string, unknown>> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body.status).toBe(status);
  expect(typeof body.type).toBe('string');
  expect(typeof body.title).toBe('string');
  expect(body.traceId).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
  return body;
}

/** The trigger list of QuickTask must still be the one stored in beforeAll, in memory and in the database. */
async function expectTriggersUnchanged(): Promise<void> {
  const task = (await (await server.request('GET', `/ScheduledTasks/${quickTaskId}`)).json()) as { Triggers: unknown };
  expect(task.Triggers).toEqual(STORED_TRIGGERS);
  const row = await database.prisma.task.findUniqueOrThrow({ where: { id: quickTaskId } });
  expect(JSON.parse(row.triggers ?? 'null')).toEqual([{ kind: 'interval', intervalTicks: 36_000_000_000 }]);
}

describe('trigger update with bad input', () => {
  const cases: Array<{ name: string; body: string; errorKey: string; mentions: string }> = [
    { name: 'malformed JSON', body: '[{"Type": "DailyTrigger",', errorKey: '$', mentions: 'JSON' },
    { name: 'a body that is not an array', body: '{"Type":"DailyTrigger"}', errorKey: '$', mentions: 'array' },
    { name: 'a wrong type', body: '[{"Type":"DailyTrigger","TimeOfDayTicks":true}]', errorKey: '$[0].TimeOfDayTicks', mentions: 'true' },
    { name: 'an out-of-range time of day', body: '[{"Type":"DailyTrigger","TimeOfDayTicks":864000000000}]', errorKey: '$[0].TimeOfDayTicks', mentions: '864000000000' },
    { name: 'a negative time of day', body: '[{"Type":"DailyTrigger","TimeOfDayTicks":-1}]', errorKey: '$[0].TimeOfDayTicks', mentions: '-1' },
    { name: 'an interval under one second', body: '[{"Type":"IntervalTrigger","IntervalTicks":9999999}]', errorKey: '$[0].IntervalTicks', mentions: '9999999' },
    { name: 'a time limit over 366 days', body: '[{"Type":"IntervalTrigger","IntervalTicks":36000000000,"MaxRuntimeTicks":316224000000001}]', errorKey: '$[0].MaxRuntimeTicks', mentions: '316224000000001' },
    { name: 'an unknown trigger type', body: '[{"Type":"HourlyTrigger"}]', errorKey: '$[0].Type', mentions: 'HourlyTrigger' },
    { name: 'a null trigger type', body: '[{"Type":null,"TimeOfDayTicks":0}]', errorKey: '$[0].Type', mentions: 'null' },
    { name: 'a weekly trigger without a day', body: '[{"Type":"WeeklyTrigger","TimeOfDayTicks":0}]', errorKey: '$[0].DayOfWeek', mentions: 'DayOfWeek' },
    { name: 'an unknown day of week', body: '[{"Type":"WeeklyTrigger","TimeOfDayTicks":0,"DayOfWeek":"Funday"}]', errorKey: '$[0].DayOfWeek', mentions: 'Funday' },
    { name: 'a daily trigger without a time', body: '[{"Type":"DailyTrigger"}]', errorKey: '$[0].TimeOfDayTicks', mentions: 'TimeOfDayTicks' },
    { name: 'a numeric string with a fraction', body: '[{"Type":"IntervalTrigger","IntervalTicks":"3.5e10"}]', errorKey: '$[0].IntervalTicks', mentions: '3.5e10' },
    { name: 'an entry that is not an object', body: '[42]', errorKey: '$[0]', mentions: '42' },
    {
      name: 'more than 64 triggers',
      body: JSON.stringify(Array.from({ length: 65 }, () => ({ Type: 'StartupTrigger' }))),
      errorKey: '$',
      mentions: '64',
    },
  ];

  for (const testCase of cases) {
    it(`rejects ${testCase.name} with 400 and stores nothing`, async () => {
      const response = await server.request('POST', `/ScheduledTasks/${quickTaskId}/Triggers`, testCase.body);
      const body = await expectProblem(response, 400);

      const errors = body.errors as Record<string, string[]>;
      expect(Object.keys(errors)).toContain(testCase.errorKey);
      expect(errors[testCase.errorKey]?.join(' ')).toContain(testCase.mentions);
      await expectTriggersUnchanged();
    });
  }

  it('reports every bad trigger, not only the first', async () => {
    const response = await server.request(
      'POST',
      `/ScheduledTasks/${quickTaskId}/Triggers`,
      '[{"Type":"DailyTrigger","TimeOfDayTicks":0},{"Type":"WeeklyTrigger","TimeOfDayTicks":0},{"Type":"Nope"}]',
    );
    const body = await expectProblem(response, 400);

    expect(Object.keys(body.errors as object).sort()).toEqual(['$[1].DayOfWeek', '$[2].Type']);
    await expectTriggersUnchanged();
  });

  it('rejects a body over 1 MiB with 413', async () => {
    const huge = `[${Array.from({ length: 40_000 }, () => '{"Type":"StartupTrigger","Padding":"xxxxxx"}').join(',')}]`;
    expect(huge.length).toBeGreaterThan(1024 * 1024);

    const response = await server.request('POST', `/ScheduledTasks/${quickTaskId}/Triggers`, huge);

    await expectProblem(response, 413);
    await expectTriggersUnchanged();
  });

  it('rejects a non-JSON content type with 415', async () => {
    const response = await server.request('POST', `/ScheduledTasks/${quickTaskId}/Triggers`, '[]', {
      'Content-Type': 'text/plain',
    });

    await expectProblem(response, 415);
    await expectTriggersUnchanged();
  });

  it('rejects a body without a content type with 415', async () => {
    const response = await fetch(`${server.url}/ScheduledTasks/${quickTaskId}/Triggers`, {
      method: 'POST',
      headers: { 'X-Emby-Token': server.apiKey },
    });

    await expectProblem(response, 415);
    await expectTriggersUnchanged();
  });

  it('rejects an empty JSON body with 400', async () => {
    const response = await server.request('POST', `/ScheduledTasks/${quickTaskId}/Triggers`, '');

    await expectProblem(response, 400);
    await expectTriggersUnchanged();
  });

  it('accepts text/json and application/*+json bodies', async () => {
    for (const contentType of ['text/json', 'application/vnd.tickwork+json; charset=utf-8']) {
      const response = await server.request('POST', `/ScheduledTasks/${quickTaskId}/Triggers`, STORED_TRIGGERS, {
        'Content-Type': contentType,
      });
      expect(response.status).toBe(204);
    }
    await expectTriggersUnchanged();
  });
});

describe('task ids and routes', () => {
  const badIds = ['null', 'ffffffffffffffffffffffffffffffff', '%20', 'ID%20', 'not-a-task'];

  it('answers 404 on every id route for unknown and malformed ids', async () => {
    const dashed = `${quickTaskId.slice(0, 8)}-${quickTaskId.slice(8, 12)}-${quickTaskId.slice(12, 16)}-${quickTaskId.slice(16, 20)}-${quickTaskId.slice(20)}`;
    const ids = [...badIds, `${quickTaskId}%20`, dashed];
    for (const id of ids) {
      await expectProblem(await server.request('GET', `/ScheduledTasks/${id}`), 404);
      await expectProblem(await server.request('POST', `/ScheduledTasks/Running/${id}`), 404);
      await expectProblem(await server.request('DELETE', `/ScheduledTasks/Running/${id}`), 404);
      await expectProblem(await server.request('POST', `/ScheduledTasks/${id}/Triggers`, []), 404);
    }
    await expectTriggersUnchanged();
  });

  it('matches ids and routes case-insensitively', async () => {
    const upper = quickTaskId.toUpperCase();

    const get = await server.request('GET', `/scheduledtasks/${upper}`);
    const start = await server.request('POST', `/SCHEDULEDTASKS/running/${upper}`);

    expect(get.status).toBe(200);
    expect(((await get.json()) as { Id: string }).Id).toBe(quickTaskId);
    expect(start.status).toBe(204);
  });

  it('accepts the /emby and /mediabrowser prefixes and a trailing slash', async () => {
    for (const route of ['/emby/ScheduledTasks', '/MediaBrowser/ScheduledTasks/', `/emby/ScheduledTasks/${quickTaskId}/`]) {
      const response = await server.request('GET', route);
      expect(response.status, route).toBe(200);
    }
  });

  it('answers camelCase when the Accept profile asks for it', async () => {
    const response = await server.request('GET', `/ScheduledTasks/${quickTaskId}`, undefined, {
      Accept: 'application/json; profile="CamelCase"',
    });
    const body = (await response.json()) as Record<string, unknown>;

    expect(Object.keys(body)).toContain('isHidden');
    expect(Object.keys(body)).not.toContain('IsHidden');
  });

  it('rejects a bad boolean filter with 400 naming the value', async () => {
    const hidden = await expectProblem(await server.request('GET', '/ScheduledTasks?isHidden=maybe'), 400);
    const enabled = await expectProblem(await server.request('GET', '/ScheduledTasks?IsEnabled=2'), 400);

    expect(JSON.stringify(hidden.errors)).toContain('maybe');
    expect(JSON.stringify(enabled.errors)).toContain('2');
  });

  it('ignores repeated starts and stops', async () => {
    const runsBefore = await database.prisma.run.count({ where: { taskKey: 'LongTask' } });

    expect((await server.request('DELETE', `/ScheduledTasks/Running/${longTaskId}`)).status).toBe(204);
    expect((await server.request('POST', `/ScheduledTasks/Running/${longTaskId}`)).status).toBe(204);
    await waitFor(async () => ((await database.prisma.run.count({ where: { taskKey: 'LongTask' } })) > runsBefore ? true : undefined));
    expect((await server.request('POST', `/ScheduledTasks/Running/${longTaskId}`)).status).toBe(204);
    expect((await server.request('DELETE', `/ScheduledTasks/Running/${longTaskId}`)).status).toBe(204);
    expect((await server.request('DELETE', `/ScheduledTasks/Running/${longTaskId}`)).status).toBe(204);
    await waitFor(async () => {
      const task = (await (await server.request('GET', `/ScheduledTasks/${longTaskId}`)).json()) as { State: string };
      return task.State === 'Idle' ? true : undefined;
    });

    expect(await database.prisma.run.count({ where: { taskKey: 'LongTask' } })).toBe(runsBefore + 1);
  });
});

describe('authentication', () => {
  const route = () => `/ScheduledTasks/${quickTaskId}`;

  it('answers 401 with an empty body without a token or with an unknown one', async () => {
    const none = await fetch(`${server.url}${route()}`);
    const unknown = await fetch(`${server.url}${route()}`, { headers: { 'X-Emby-Token': 'not-a-real-token' } });

    for (const response of [none, unknown]) {
      expect(response.status).toBe(401);
      expect(await response.text()).toBe('');
    }
  });

  it('reads the token from every Jellyfin source', async () => {
    const key = server.apiKey;
    const variants: Array<{ name: string; url: string; headers: Record<string, string> }> = [
      { name: 'Authorization MediaBrowser', url: route(), headers: { Authorization: `MediaBrowser Client="t", Device="d", DeviceId="1", Version="1", Token="${key}"` } },
      { name: 'Authorization scheme in lower case', url: route(), headers: { Authorization: `mediabrowser Token="${key}"` } },
      { name: 'X-Emby-Authorization Emby', url: route(), headers: { 'X-Emby-Authorization': `Emby Token="${key}"` } },
      { name: 'X-Emby-Token', url: route(), headers: { 'X-Emby-Token': key } },
      { name: 'X-MediaBrowser-Token', url: route(), headers: { 'X-MediaBrowser-Token': key } },
      { name: 'query ApiKey', url: `${route()}?ApiKey=${key}`, headers: {} },
      { name: 'query api_key', url: `${route()}?api_key=${key}`, headers: {} },
      { name: 'query APIKEY', url: `${route()}?APIKEY=${key}`, headers: {} },
    ];
    for (const variant of variants) {
      const response = await fetch(`${server.url}${variant.url}`, { headers: variant.headers });
      expect(response.status, variant.name).toBe(200);
    }
  });

  it('answers 403 to a signed-in user who is not an administrator', async () => {
    const created = await runCli(server.dataDir, ['user', 'create', 'viewer', '--password', 'correct horse']);
    expect(created.code, created.stderr).toBe(0);

    const signIn = await fetch(`${server.url}/Users/AuthenticateByName`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'MediaBrowser Client="tests", Device="vitest", DeviceId="x", Version="1"' },
      body: JSON.stringify({ Username: 'viewer', Pw: 'correct horse' }),
    });
    expect(signIn.status).toBe(200);
    const session = (await signIn.json()) as { AccessToken: string; User: { Policy: { IsAdministrator: boolean } } };
    expect(validateAgainstSchema('AuthenticationResult', session)).toEqual([]);
    expect(session.User.Policy.IsAdministrator).toBe(false);

    const tasks = await fetch(`${server.url}/ScheduledTasks`, { headers: { 'X-Emby-Token': session.AccessToken } });
    const me = await fetch(`${server.url}/Users/Me`, { headers: { 'X-Emby-Token': session.AccessToken } });

    expect(tasks.status).toBe(403);
    expect(await tasks.text()).toBe('');
    expect(me.status).toBe(200);
    const user = (await me.json()) as { Name: string };
    expect(user.Name).toBe('viewer');
    expect(validateAgainstSchema('UserDto', user)).toEqual([]);
  });

  it('rejects a wrong password with 401', async () => {
    const response = await fetch(`${server.url}/Users/AuthenticateByName`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ Username: 'admin', Pw: 'wrong' }),
    });

    expect(response.status).toBe(401);
  });

  it('serves public system info without a token', async () => {
    const response = await fetch(`${server.url}/System/Info/Public`);
    const body = await response.json();

    expect(response.status).toBe(200);
    expect(validateAgainstSchema('PublicSystemInfo', body)).toEqual([]);
  });

  it('never writes a token to the log', () => {
    const logText = server.logs.join('\n');

    expect(logText).not.toContain(server.apiKey);
  });
});
