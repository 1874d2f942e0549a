import type { FastifyInstance } from 'fastify';

import { authorization } from '../auth.ts';
import { toSessionInfoDto, toUserDto } from '../dto/user-dto.ts';
import { sendJson, sendProblem } from '../json-reply.ts';
import type { JellyfinPluginOptions } from '../server-info.ts';
import { parseAuthorizationHeader } from '@tickwork/accounts';

/** Reads a JSON property ignoring case, as Jellyfin's model binding does. */
function property(body: unknown, name: string): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const key = Object.keys(body).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : (body as Record<string, unknown>)[key];
}

/** Sign-in and the current user: enough of /Users for Jellyfin clients to log in. */
export async function userRoutes(app: FastifyInstance, options: JellyfinPluginOptions): Promise<void> {
  const { accounts, server } = options;
  const { requireUser } = authorization(accounts);

  app.post('/Users/AuthenticateByName', async (request, reply) => {
    const username = property(request.body, 'Username');
    const password = property(request.body, 'Pw') ?? '';
    const errors: Record<string, string[]> = {};
    if (typeof username !== 'string' || username.trim() === '') {
      errors['$.Username'] = ['Username is required: send {"Username": "<name>", "Pw": "<password>"}.'];
    }
    if (typeof password !== 'string') errors['$.Pw'] = [`Pw must be a string, not ${JSON.stringify(password)}.`];
    if (Object.keys(errors).length > 0) return sendProblem(reply, 400, { errors });

    const header = request.headers.authorization ?? request.headers['x-emby-authorization'];
    const params = typeof header === 'string' ? (parseAuthorizationHeader(header)?.params ?? {}) : {};
    const signedIn = await accounts.authenticate(username as string, password as string, {
      client: params.Client,
      device: params.Device,
      deviceId: params.DeviceId,
      appVersion: params.Version,
    });
    if (signedIn === undefined) {
      request.log.info({ userName: username }, 'Sign-in failed');
      return reply.code(401).type('text/plain; charset=utf-8').send('Error processing request.');
    }

    request.log.info({ userName: signedIn.user.name }, 'User signed in');
    const now = Date.now();
    return sendJson(request, reply, {
      User: toUserDto(signedIn.user, server),
      SessionInfo: toSessionInfoDto(
        {
          kind: 'user',
          user: signedIn.user,
          isAdmin: signedIn.user.isAdmin,
          accessTokenId: signedIn.accessTokenId,
          device: { client: params.Client, device: params.Device, deviceId: params.DeviceId, appVersion: params.Version },
        },
        server,
        now,
      ),
      AccessToken: signedIn.accessToken,
      ServerId: server.id,
    });
  });

  app.get('/Users/Me', { preHandler: requireUser }, async (request, reply) => {
    const principal = request.principal;
    if (principal?.kind !== 'user') {
      return sendProblem(reply, 400, { detail: 'An API key has no user; sign in with /Users/AuthenticateByName.' });
    }
    return sendJson(request, reply, toUserDto(principal.user, server));
  });

  app.post('/Sessions/Logout', { preHandler: requireUser }, async (request, reply) => {
    const principal = request.principal;
    if (principal?.kind === 'user') await accounts.revokeAccessToken(principal.accessTokenId);
    return reply.code(204).send();
  });
}
