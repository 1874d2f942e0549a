import { createInterface } from 'node:readline/promises';

/**
 * Reads a password. On a terminal it prompts twice and echoes nothing.
 * From a pipe or a file it reads the first line of input.
 */
export async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const lines = createInterface({ input: process.stdin, terminal: false });
    for await (const line of lines) {
      lines.close();
      return line;
    }
    return '';
  }

  const first = await readHidden('Password: ');
  const second = await readHidden('Repeat the password: ');
  if (first !== second) throw new PasswordMismatchError('The two passwords differ; run the command again.');
  return first;
}

export class PasswordMismatchError extends Error {
  override readonly name = 'PasswordMismatchError';
}

/** Reads one line from the terminal in raw mode, echoing nothing. Ctrl+C exits. */
function readHidden(prompt: string): Promise<string> {
  process.stderr.write(prompt);
  const input = process.stdin;
  input.setRawMode(true);
  input.resume();
  input.setEncoding('utf8');

  return new Promise((resolve) => {
    let typed = '';
    const onData = (chunk: string) => {
      for (const character of chunk) {
        if (character === '\u0003') {
          process.stderr.write('\n');
          process.exit(130);
        }
        if (character === '\r' || character === '\n') {
          input.off('data', onData);
          input.setRawMode(false);
          input.pause();
          process.stderr.write('\n');
          resolve(typed);
          return;
        }
        typed = character === '\u007f' || character === '\b' ? typed.slice(0, -1) : typed + character;
      }
    };
    input.on('data', onData);
  });
}
