/**
 * Keeps the access token (or API key) of the signed-in tab in sessionStorage,
 * so it survives a reload but never appears in a URL, and is gone when the
 * tab closes.
 */
const TOKEN_KEY = 'tickwork.token';

export function readToken(): string | undefined {
  if (typeof window === 'undefined') return undefined;
  return window.sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

export function writeToken(token: string): void {
  window.sessionStorage.setItem(TOKEN_KEY, token);
}

export function clearToken(): void {
  window.sessionStorage.removeItem(TOKEN_KEY);
}
