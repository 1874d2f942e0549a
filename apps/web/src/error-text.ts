/** A line of a V8 stack trace after its first line, such as "    at readFile (node:fs:1:2)". */
const STACK_FRAME = /^\s+at /;

/**
 * Splits an error text stored as the message, a line break and the stack
 * trace (as a failed run's activity entry overview is) into the two parts.
 * V8 starts a stack with "<error name>: <message>", so the stack begins at
 * the line that repeats the message that way. Text without stack frames is
 * all message.
 */
export function splitErrorText(text: string): { message: string; stack: string | undefined } {
  const lines = text.split('\n');
  const firstFrame = lines.findIndex((line) => STACK_FRAME.test(line));
  if (firstFrame === -1) return { message: text, stack: undefined };

  let stackStart = Math.max(firstFrame - 1, 0);
  for (let start = 1; start < firstFrame; start += 1) {
    const message = lines.slice(0, start).join('\n');
    const header = lines.slice(start, firstFrame).join('\n');
    if (header === message || header.endsWith(`: ${message}`)) {
      stackStart = start;
      break;
    }
  }
  // An error with an empty message has only the stack, whose first line names the error.
  const messageEnd = stackStart === 0 ? 1 : stackStart;
  return { message: lines.slice(0, messageEnd).join('\n'), stack: lines.slice(stackStart).join('\n') };
}
