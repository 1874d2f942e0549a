import { randomBytes } from 'node:crypto';
import { STATUS_CODES } from 'node:http';

/** Content type of a ProblemDetails body, as ASP.NET Core sends it. */
export const PROBLEM_JSON_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/**
 * RFC 7807 ProblemDetails body in the key order ASP.NET Core writes it: the
 * standard members, then `errors`, then the `traceId` extension.
 */
export interface ProblemDetailsJson {
  type: string;
  title: string;
  status: number;
  detail?: string;
  /** Validation messages keyed by JSON path, such as `$[1].DayOfWeek`. */
  errors?: Record<string, string[]>;
  traceId: string;
}

export interface ProblemDetailsOptions {
  /** Replaces the standard title of the status. */
  title?: string;
  detail?: string;
  errors?: Record<string, string[]>;
  traceId: string;
}

/**
 * Section of RFC 9110 that defines each status code, and its title. Titles are
 * ASP.NET Core's defaults, except 413, which ASP.NET Core does not map and which
 * takes its RFC 9110 reason phrase.
 */
const STATUS_DESCRIPTIONS: ReadonlyMap<number, { section: string; title: string }> = new Map([
  [400, { section: '15.5.1', title: 'Bad Request' }],
  [401, { section: '15.5.2', title: 'Unauthorized' }],
  [403, { section: '15.5.4', title: 'Forbidden' }],
  [404, { section: '15.5.5', title: 'Not Found' }],
  [405, { section: '15.5.6', title: 'Method Not Allowed' }],
  [406, { section: '15.5.7', title: 'Not Acceptable' }],
  [408, { section: '15.5.9', title: 'Request Timeout' }],
  [409, { section: '15.5.10', title: 'Conflict' }],
  [412, { section: '15.5.13', title: 'Precondition Failed' }],
  [413, { section: '15.5.14', title: 'Content Too Large' }],
  [415, { section: '15.5.16', title: 'Unsupported Media Type' }],
  [422, { section: '15.5.21', title: 'Unprocessable Entity' }],
  [500, { section: '15.6.1', title: 'An error occurred while processing your request.' }],
  [502, { section: '15.6.3', title: 'Bad Gateway' }],
  [503, { section: '15.6.4', title: 'Service Unavailable' }],
  [504, { section: '15.6.5', title: 'Gateway Timeout' }],
]);

/** ASP.NET Core's title for a 400 that carries validation errors. */
const VALIDATION_TITLE = 'One or more validation errors occurred.';

const RFC_9110_URL = 'https://tools.ietf.org/html/rfc9110';

/**
 * Builds an RFC 7807 ProblemDetails body as Jellyfin's ASP.NET Core stack writes
 * it: `type` links the RFC 9110 section of the status, `title` is the standard
 * reason, and a 400 with `errors` gets the validation title. A status missing from
 * the table links the RFC 9110 section of its class (15.5 for 4xx, 15.6 for 5xx)
 * and takes Node's reason phrase as its title. Absent `detail` and `errors` are omitted.
 */
export function problemDetails(status: number, options: ProblemDetailsOptions): ProblemDetailsJson {
  const description = STATUS_DESCRIPTIONS.get(status);

  return {
    type: `${RFC_9110_URL}#section-${description?.section ?? classSection(status)}`,
    title: options.title ?? standardTitle(status, options.errors !== undefined),
    status,
    ...(options.detail !== undefined ? { detail: options.detail } : {}),
    ...(options.errors !== undefined ? { errors: options.errors } : {}),
    traceId: options.traceId,
  };
}

/**
 * Generates a trace id in the W3C traceparent form that ASP.NET Core reports:
 * `00-<32 hex trace id>-<16 hex parent id>-00`.
 */
export function newTraceId(): string {
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-00`;
}

function standardTitle(status: number, hasErrors: boolean): string {
  if (status === 400 && hasErrors) {
    return VALIDATION_TITLE;
  }
  return STATUS_DESCRIPTIONS.get(status)?.title ?? STATUS_CODES[status] ?? 'Error';
}

function classSection(status: number): string {
  return status >= 500 ? '15.6' : '15.5';
}
