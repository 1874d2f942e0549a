import { describe, expect, it } from 'vitest';

import { splitErrorText } from '../src/error-text';

function overviewOf(error: Error): string {
  return [error.message, error.stack].filter(Boolean).join('\n');
}

describe('splitErrorText', () => {
  it('splits a message from its stack', () => {
    const error = new Error('ffprobe was not found at "/opt/nowhere/ffprobe" (ENOENT).');

    const parts = splitErrorText(overviewOf(error));

    expect(parts.message).toBe(error.message);
    expect(parts.stack).toBe(error.stack);
  });

  it('keeps every line of a multi-line message', () => {
    const error = new TypeError('first line\nsecond line');

    const parts = splitErrorText(overviewOf(error));

    expect(parts.message).toBe('first line\nsecond line');
    expect(parts.stack).toBe(error.stack);
  });

  it('returns text without frames as the message', () => {
    expect(splitErrorText('disk full')).toEqual({ message: 'disk full', stack: undefined });
  });

  it('names the error when the message is empty', () => {
    const error = new RangeError('');

    const parts = splitErrorText(overviewOf(error));

    expect(parts.message).toBe(error.stack?.split('\n')[0]);
    expect(parts.message).toMatch(/^RangeError/);
    expect(parts.stack).toBe(error.stack);
  });

  it('takes the line before the frames as the stack start otherwise', () => {
    const parts = splitErrorText('disk full\nWriteError: the disk is full\n    at write (file.js:1:1)');

    expect(parts.message).toBe('disk full');
    expect(parts.stack).toBe('WriteError: the disk is full\n    at write (file.js:1:1)');
  });
});
