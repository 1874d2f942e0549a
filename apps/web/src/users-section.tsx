'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';

import { useSession } from './session';
import { formatZonedDateTime } from './time-format';

/** Users: the list and a form that adds one. */
export function UsersSection() {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: ['users.list'], queryFn: () => client!.api.users.list.query(), enabled: client !== undefined });
  const [error, setError] = useState<string | undefined>();
  const create = useMutation({
    mutationFn: (input: { name: string; password: string; isAdmin: boolean }) => client!.api.users.create.mutate(input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['users.list'] }),
    onError: (caught) => setError(caught.message),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setError(undefined);
    create.mutate(
      { name: String(data.get('name') ?? '').trim(), password: String(data.get('password') ?? ''), isAdmin: data.get('isAdmin') === 'on' },
      { onSuccess: () => form.reset() },
    );
  }

  return (
    <section aria-labelledby="users-heading" className="card stack">
      <h2 id="users-heading">Users</h2>
      {users.data === undefined ? (
        <p>{users.error === null ? 'Loading users…' : `Could not load the users: ${users.error.message}`}</p>
      ) : (
        <ul className="plain-list">
          {users.data.map((user) => (
            <li key={user.id} className="trigger-row" aria-label={`User ${user.name}`}>
              <div className="task-main">
                <strong>
                  <span>{user.name}</span>
                  {user.isAdmin ? <span className="tag">administrator</span> : null}
                  {user.isDisabled ? <span className="tag">disabled</span> : null}
                </strong>
                <span className="muted small">
                  {user.lastLoginAt === null ? 'Never signed in' : `Last signed in ${formatZonedDateTime(new Date(user.lastLoginAt))}`}
                </span>
              </div>
            </li>
          ))}
        </ul>
      )}
      <form className="stack" onSubmit={submit} noValidate aria-label="Add a user">
        <h3>Add a user</h3>
        <div className="row">
          <div className="field">
            <label htmlFor="user-name">User name</label>
            <input id="user-name" name="name" autoComplete="off" />
          </div>
          <div className="field">
            <label htmlFor="user-password">Password</label>
            <input id="user-password" name="password" type="password" autoComplete="new-password" />
          </div>
        </div>
        <label className="check">
          <input type="checkbox" name="isAdmin" /> Administrator
        </label>
        {error === undefined ? null : (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <div>
          <button type="submit" className="button primary" disabled={create.isPending}>
            Add user
          </button>
        </div>
      </form>
    </section>
  );
}
