export type InboundMessage =
  | { ok: true; type: string; data: string | undefined }
  | { ok: false; problem: string };

/**
 * Reads a client frame `{"MessageType": "...", "Data": ...}`. Property names
 * are case-sensitive, as in Jellyfin. A string Data is taken as it is and
 * any other JSON value as its JSON text.
 */
export function parseSocketMessage(text: string): InboundMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `not valid JSON (${(error as Error).message})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problem: 'not a JSON object' };
  }

  const message = value as Record<string, unknown>;
  if (typeof message.MessageType !== 'string' || message.MessageType === '') {
    return { ok: false, problem: 'MessageType is missing or not a string' };
  }
  let data: string | undefined;
  if (typeof message.Data === 'string') data = message.Data;
  else if (message.Data !== undefined && message.Data !== null) data = JSON.stringify(message.Data);
  return { ok: true, type: message.MessageType, data };
}
