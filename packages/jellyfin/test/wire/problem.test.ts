import { describe, expect, it } from 'vitest';

import { newTraceId, problemDetails } from '../../src/wire/problem.ts';

const TRACE_ID = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00';

describe('problemDetails', () => {
  it('describes a 404', () => {
    expect(JSON.stringify(problemDetails(404, { traceId: TRACE_ID }))).toBe(
      `{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.5","title":"Not Found","status":404,"traceId":"${TRACE_ID}"}`,
    );
  });

  it('describes a 400 with validation errors', () => {
    const errors = { '$[1].DayOfWeek': ['The value "Funday" is not a valid DayOfWeek. Use Sunday to Saturday or 0 to 6.'] };

    expect(problemDetails(400, { errors, traceId: TRACE_ID })).toEqual({
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
      title: 'One or more validation errors occurred.',
      status: 400,
      errors,
      traceId: TRACE_ID,
    });
  });

  it('titles a 400 without errors Bad Request', () => {
    expect(problemDetails(400, { traceId: TRACE_ID }).title).toBe('Bad Request');
  });

  it('orders detail and errors before traceId', () => {
    const problem = problemDetails(400, { detail: 'd', errors: { $: ['m'] }, traceId: TRACE_ID });

    expect(Object.keys(problem)).toEqual(['type', 'title', 'status', 'detail', 'errors', 'traceId']);
  });

  it('omits absent detail and errors', () => {
    const problem = problemDetails(503, { traceId: TRACE_ID });

    expect(problem).not.toHaveProperty('detail');
    expect(problem).not.toHaveProperty('errors');
  });

  it('uses a given title', () => {
    expect(problemDetails(404, { title: 'Task not found', traceId: TRACE_ID }).title).toBe('Task not found');
  });

  it('links the RFC 9110 section of each status', () => {
    const cases: Array<[number, string, string]> = [
      [400, '15.5.1', 'Bad Request'],
      [401, '15.5.2', 'Unauthorized'],
      [403, '15.5.4', 'Forbidden'],
      [404, '15.5.5', 'Not Found'],
      [413, '15.5.14', 'Content Too Large'],
      [415, '15.5.16', 'Unsupported Media Type'],
      [500, '15.6.1', 'An error occurred while processing your request.'],
      [503, '15.6.4', 'Service Unavailable'],
    ];

    for (const [status, section, title] of cases) {
      const problem = problemDetails(status, { traceId: TRACE_ID });

      expect(problem.type, `type of ${status}`).toBe(`https://tools.ietf.org/html/rfc9110#section-${section}`);
      expect(problem.title, `title of ${status}`).toBe(title);
      expect(problem.status).toBe(status);
    }
  });

  it('falls back to the status class', () => {
    const teapot = problemDetails(418, { traceId: TRACE_ID });
    const insufficient = problemDetails(507, { traceId: TRACE_ID });

    expect(teapot.type).toBe('https://tools.ietf.org/html/rfc9110#section-15.5');
    expect(teapot.title).toBe("I'm a Teapot");
    expect(insufficient.type).toBe('https://tools.ietf.org/html/rfc9110#section-15.6');
  });
});

describe('newTraceId', () => {
  it('has the traceparent form', () => {
    expect(newTraceId()).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
  });

  it('differs between calls', () => {
    expect(newTraceId()).not.toBe(newTraceId());
  });
});
