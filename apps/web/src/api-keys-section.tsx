'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';

import { useSession } from './session';
import { formatZonedDateTime } from './time-format';

/** API keys: the list, a form that creates one and shows its token once, and revoke with a confirmation. */
export function ApiKeysSection() {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: ['apiKeys.list'], queryFn: () => client!.api.apiKeys.list.query(), enabled: client !== undefined });
  const [created, setCreated] = useState<{ name: string; token: string } | undefined>();
  const [confirmRevoke, setConfirmRevoke] = useState<string | undefined>();
  const [nameError, setNameError] = useState<string | undefined>();

  const create = useMutation({
    mutationFn: (name: string) => client!.api.apiKeys.create.mutate({ name }),
    onSuccess: (key) => {
      setCreated({ name: key.name, token: key.token });
      void queryClient.invalidateQueries({ queryKey: ['apiKeys.list'] });
    },
    onError: (error) => setNameError(error.message),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => client!.api.apiKeys.revoke.mutate({ id }),
    onSuccess: () => {
      setConfirmRevoke(undefined);
      void queryClient.invalidateQueries({ queryKey: ['apiKeys.list'] });
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get('name') ?? '').trim();
    setNameError(undefined);
    setCreated(undefined);
    if (name === '') {
      setNameError('Enter a name that says who uses the key, such as "home assistant".');
      return;
    }
    create.mutate(name, { onSuccess: () => form.reset() });
  }

  return (
    <section aria-labelledby="api-keys-heading" className="card stack">
      <h2 id="api-keys-heading">API keys</h2>
      <form className="row" onSubmit={submit} noValidate aria-label="Create an API key">
        <div className="field">
          <label htmlFor="api-key-name">New key name</label>
          <input id="api-key-name" name="name" aria-invalid={nameError !== undefined} aria-describedby={nameError === undefined ? undefined : 'api-key-name-error'} />
          {nameError === undefined ? null : (
            <span id="api-key-name-error" className="error field-error">
              {nameError}
            </span>
          )}
        </div>
        <button type="submit" className="button primary" disabled={create.isPending}>
          Create key
        </button>
      </form>
      {created === undefined ? null : (
        <div className="callout" role="status">
          <p>
            The key <strong>{created.name}</strong> was created. Copy its token now: it is shown only this once.
          </p>
          <code className="token" data-testid="new-api-key-token">
            {created.token}
          </code>
          <div className="row">
            <button type="button" className="button" onClick={() => void navigator.clipboard?.writeText(created.token)}>
              Copy
            </button>
            <button type="button" className="button" onClick={() => setCreated(undefined)}>
              Done
            </button>
          </div>
        </div>
      )}
      {revoke.error === null ? null : (
        <p role="alert" className="error">
          Revoking failed: {revoke.error.message}
        </p>
      )}
      {keys.data === undefined ? (
        <p>{keys.error === null ? 'Loading keys…' : `Could not load the keys: ${keys.error.message}`}</p>
      ) : keys.data.length === 0 ? (
        <p className="muted">No API keys yet.</p>
      ) : (
        <ul className="plain-list">
          {keys.data.map((key) => (
            <li key={key.id} className="trigger-row" aria-label={`API key ${key.name}`}>
              <div className="task-main">
                <strong>{key.name}</strong>
                <span className="muted small">
                  Created {key.createdAt === null ? 'at an unknown time' : formatZonedDateTime(new Date(key.createdAt))}
                  {key.revokedAt === null ? null : `, revoked ${formatZonedDateTime(new Date(key.revokedAt))}`}
                </span>
              </div>
              {key.revokedAt !== null ? (
                <span className="muted">Revoked</span>
              ) : confirmRevoke === key.id ? (
                <div className="row" role="group" aria-label={`Revoke ${key.name}?`}>
                  <span>Clients using it get 401 at once.</span>
                  <button type="button" className="button danger" disabled={revoke.isPending} onClick={() => revoke.mutate(key.id)}>
                    Revoke
                  </button>
                  <button type="button" className="button" onClick={() => setConfirmRevoke(undefined)}>
                    Keep
                  </button>
                </div>
              ) : (
                <button type="button" className="button" aria-label={`Revoke ${key.name}`} onClick={() => setConfirmRevoke(key.id)}>
                  Revoke
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
