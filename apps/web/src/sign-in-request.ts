/** Jellyfin's client description; the server records it with the access token. */
const CLIENT_HEADER = 'MediaBrowser Client="Tickwork portal", Device="Browser", DeviceId="tickwork-portal", Version="0.1.0"';

export class SignInError extends Error {}

/**
 * Signs in through the Jellyfin REST route and returns the access token.
 * The password travels only in the request body.
 */
export async function signInWithPassword(userName: string, password: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch('/Users/AuthenticateByName', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: CLIENT_HEADER },
      body: JSON.stringify({ Username: userName, Pw: password }),
    });
  } catch {
    throw new SignInError('The server did not respond; check that Tickwork is running and try again.');
  }
  if (response.status === 401) throw new SignInError('The user name or password is wrong.');
  if (!response.ok) throw new SignInError(`Sign-in failed with HTTP ${response.status}; try again.`);
  const body = (await response.json()) as { AccessToken?: unknown };
  if (typeof body.AccessToken !== 'string') throw new SignInError('The server sent no access token; try again.');
  return body.AccessToken;
}

/** Ends the server-side session of an access token; API keys are left as they are. */
export async function signOutOnServer(token: string): Promise<void> {
  await fetch('/Sessions/Logout', { method: 'POST', headers: { 'X-Emby-Token': token } }).catch(() => undefined);
}

/** Checks an API key against the server before it is stored. */
export async function verifyApiKey(apiKey: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch('/trpc/server.me', { headers: { Authorization: `Bearer ${apiKey}` } });
  } catch {
    throw new SignInError('The server did not respond; check that Tickwork is running and try again.');
  }
  if (response.status === 401) throw new SignInError('The API key is not valid or was revoked.');
  if (!response.ok) throw new SignInError(`Checking the API key failed with HTTP ${response.status}; try again.`);
}
