import type { FastifyReply, FastifyRequest } from 'fastify';

import { PROBLEM_JSON_CONTENT_TYPE, newTraceId, problemDetails } from './wire/problem.ts';
import { toCamelCaseKeys, wantsCamelCase } from './wire/json-casing.ts';

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * Sends a JSON body in Jellyfin's casing: PascalCase, or camelCase when the
 * request's Accept header asks for profile="CamelCase".
 */
export function sendJson(request: FastifyRequest, reply: FastifyReply, body: unknown, status = 200): FastifyReply {
  const output = wantsCamelCase(request.headers.accept) ? toCamelCaseKeys(body) : body;
  return reply.code(status).type(JSON_CONTENT_TYPE).send(JSON.stringify(output));
}

/** Sends a body that is already serialized JSON, with the same Content-Type as sendJson. */
export function sendSerializedJson(reply: FastifyReply, body: Buffer, status = 200): FastifyReply {
  return reply.code(status).type(JSON_CONTENT_TYPE).send(body);
}

/** Sends an RFC 7807 ProblemDetails body. */
export function sendProblem(
  reply: FastifyReply,
  status: number,
  options: { title?: string; detail?: string; errors?: Record<string, string[]> } = {},
): FastifyReply {
  const body = problemDetails(status, { ...options, traceId: newTraceId() });
  return reply.code(status).type(PROBLEM_JSON_CONTENT_TYPE).send(JSON.stringify(body));
}
