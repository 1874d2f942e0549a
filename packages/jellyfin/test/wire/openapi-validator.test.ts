import { describe, expect, it } from 'vitest';

import { validateAgainstSchema } from '../support/openapi.ts';

const validTaskInfo = {
  Name: 'Clean Cache Directory',
  State: 'Idle',
  Id: '241d4fcb19a1d557ee62428e411da609',
  LastExecutionResult: {
    StartTimeUtc: '2025-05-01T02:00:00.0000000Z',
    EndTimeUtc: '2025-05-01T02:00:01.2500000Z',
    Status: 'Completed',
    Name: 'Clean Cache Directory',
    Key: 'DeleteCacheFiles',
    Id: '241d4fcb19a1d557ee62428e411da609',
  },
  Triggers: [{ Type: 'IntervalTrigger', IntervalTicks: 864_000_000_000 }],
  Description: 'Deletes cache files no longer needed by the system.',
  Category: 'Maintenance',
  IsHidden: false,
  Key: 'DeleteCacheFiles',
};

describe('validateAgainstSchema', () => {
  it('accepts a correct TaskInfo', () => {
    expect(validateAgainstSchema('TaskInfo', validTaskInfo)).toEqual([]);
  });

  it('rejects an extra field', () => {
    const errors = validateAgainstSchema('TaskInfo', { ...validTaskInfo, IsEnabled: true });

    expect(errors).toContain('(root) must NOT have additional properties: IsEnabled');
  });

  it('rejects an extra field in a nested schema', () => {
    const triggers = [{ Type: 'StartupTrigger', SystemEvent: 'WakeFromSleep' }];
    const errors = validateAgainstSchema('TaskInfo', { ...validTaskInfo, Triggers: triggers });

    expect(errors).toContain('/Triggers/0 must NOT have additional properties: SystemEvent');
  });

  it('rejects null where the schema is not nullable', () => {
    const errors = validateAgainstSchema('TaskInfo', { ...validTaskInfo, IsHidden: null });

    expect(errors).toContain('/IsHidden must be boolean');
  });

  it('rejects null for a non-nullable enum', () => {
    const errors = validateAgainstSchema('TaskInfo', { ...validTaskInfo, State: null });

    expect(errors).toContain('/State must be string');
  });

  it('accepts null where the schema is nullable', () => {
    const value = { ...validTaskInfo, CurrentProgressPercentage: null, LastExecutionResult: null };

    expect(validateAgainstSchema('TaskInfo', value)).toEqual([]);
  });

  it('accepts null for a nullable enum', () => {
    const triggers = [{ Type: 'WeeklyTrigger', TimeOfDayTicks: 0, DayOfWeek: null }];

    expect(validateAgainstSchema('TaskInfo', { ...validTaskInfo, Triggers: triggers })).toEqual([]);
  });

  it('rejects a value outside an enum', () => {
    const errors = validateAgainstSchema('TaskInfo', { ...validTaskInfo, State: 'Sleeping' });

    expect(errors).toContain('/State must be equal to one of the allowed values');
  });

  it('rejects a fractional int64', () => {
    const triggers = [{ Type: 'IntervalTrigger', IntervalTicks: 1.5 }];

    expect(validateAgainstSchema('TaskInfo', { ...validTaskInfo, Triggers: triggers })).not.toEqual([]);
  });

  it('rejects a malformed date-time', () => {
    const result = { ...validTaskInfo.LastExecutionResult, EndTimeUtc: 'yesterday' };

    expect(validateAgainstSchema('TaskResult', result)).toContain('/EndTimeUtc must match format "date-time"');
  });

  it('resolves referenced schemas', () => {
    const result = { User: { Name: 'admin', Policy: { IsAdministrator: 'yes' } }, AccessToken: 'abc' };

    expect(validateAgainstSchema('AuthenticationResult', result)).toContain('/User/Policy/IsAdministrator must be boolean');
  });

  it('allows extension members in ProblemDetails', () => {
    const problem = { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.5', title: 'Not Found', status: 404, traceId: '00-a-b-00' };

    expect(validateAgainstSchema('ProblemDetails', problem)).toEqual([]);
  });

  it('throws for an unknown schema', () => {
    expect(() => validateAgainstSchema('NoSuchSchema', {})).toThrow(/NoSuchSchema/);
  });
});
