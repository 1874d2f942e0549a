'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';

import { useSession } from '../../src/session';
import { SignInError, signInWithPassword, verifyApiKey } from '../../src/sign-in-request';

type Method = 'password' | 'apiKey';

export default function SignInPage() {
  const { token, signIn } = useSession();
  const router = useRouter();
  const [method, setMethod] = useState<Method>('password');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (typeof token === 'string') router.replace('/');
  }, [token, router]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setError(undefined);
    setBusy(true);
    try {
      if (method === 'apiKey') {
        const apiKey = String(form.get('apiKey') ?? '').trim();
        if (apiKey === '') throw new SignInError('Enter an API key.');
        await verifyApiKey(apiKey);
        signIn(apiKey);
      } else {
        const userName = String(form.get('userName') ?? '').trim();
        if (userName === '') throw new SignInError('Enter a user name.');
        signIn(await signInWithPassword(userName, String(form.get('password') ?? '')));
      }
    } catch (caught) {
      setError(caught instanceof SignInError ? caught.message : 'Sign-in failed; try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="page narrow">
      <h1>Sign in to Tickwork</h1>
      <div className="tabs" role="radiogroup" aria-label="Sign in with">
        <label>
          <input type="radio" name="method" checked={method === 'password'} onChange={() => setMethod('password')} />
          User name and password
        </label>
        <label>
          <input type="radio" name="method" checked={method === 'apiKey'} onChange={() => setMethod('apiKey')} />
          API key
        </label>
      </div>
      {/* method="post" keeps credentials out of the URL if the form is sent before the page is interactive. */}
      <form className="stack" method="post" onSubmit={(event) => void submit(event)} noValidate>
        {method === 'password' ? (
          <>
            <label className="field">
              User name
              <input name="userName" autoComplete="username" required autoFocus />
            </label>
            <label className="field">
              Password
              <input name="password" type="password" autoComplete="current-password" />
            </label>
          </>
        ) : (
          <label className="field">
            API key
            <input name="apiKey" type="password" autoComplete="off" required />
          </label>
        )}
        {error === undefined ? null : (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
