import { describe, expect, it } from 'vitest';

import { parseBooleanQuery } from '../../src/wire/boolean-query.ts';

describe('parseBooleanQuery', () => {
  it('reads true and false in any case', () => {
    expect(parseBooleanQuery('isHidden', 'true')).toEqual({ ok: true, value: true });
    expect(parseBooleanQuery('isHidden', 'FALSE')).toEqual({ ok: true, value: false });
    expect(parseBooleanQuery('isHidden', ' True ')).toEqual({ ok: true, value: true });
  });

  it('treats missing and empty as undefined', () => {
    expect(parseBooleanQuery('isEnabled', undefined)).toEqual({ ok: true, value: undefined });
    expect(parseBooleanQuery('isEnabled', '')).toEqual({ ok: true, value: undefined });
  });

  it('takes the first repeated value', () => {
    expect(parseBooleanQuery('isEnabled', ['false', 'true'])).toEqual({ ok: true, value: false });
  });

  it('passes booleans through', () => {
    expect(parseBooleanQuery('isEnabled', true)).toEqual({ ok: true, value: true });
  });

  it('rejects other values with a message', () => {
    expect(parseBooleanQuery('isHidden', 'yes')).toEqual({
      ok: false,
      message: 'The value "yes" is not valid for isHidden. Use true or false.',
    });
    expect(parseBooleanQuery('isHidden', '1')).toMatchObject({ ok: false });
    expect(parseBooleanQuery('isHidden', 1)).toEqual({
      ok: false,
      message: 'The value 1 is not valid for isHidden. Use true or false.',
    });
  });
});
