'use client';

import type { TaskDto } from '@tickwork/api';
import { TRPCClientError } from '@trpc/client';
import { useState } from 'react';

import { useSession } from './session';
import { formatDateTime, zoneName } from './time-format';
import { TriggerEditor } from './trigger-editor';
import { EMPTY_DRAFT, draftFromTrigger, fieldOfServerError } from './trigger-form';
import type { FieldErrors } from './trigger-form';
import { describeTimeLimit, describeTrigger } from './trigger-words';
import type { Trigger } from './trigger-words';

/** The trigger the editor is open for: a new one, or the one at an index. */
type Editing = { mode: 'add' } | { mode: 'change'; index: number } | undefined;

/** Lists the task's triggers in words with their next fire times, with the editor that adds, changes and removes them. */
export function TriggersSection({ task, serverTimeZone }: { task: TaskDto; serverTimeZone: string | undefined }) {
  const { client, signOutIfUnauthorized } = useSession();
  const [editing, setEditing] = useState<Editing>();
  const [confirmRemove, setConfirmRemove] = useState<number | undefined>();
  const [saving, setSaving] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | undefined>();

  async function save(triggers: Trigger[]): Promise<boolean> {
    setSaving(true);
    setError(undefined);
    setServerErrors({});
    try {
      await client!.api.tasks.setTriggers.mutate({ id: task.id, triggers });
      return true;
    } catch (caught) {
      if (signOutIfUnauthorized(caught)) return false;
      const fieldErrors = caught instanceof TRPCClientError ? (caught.data as { fieldErrors?: Record<string, string> } | undefined)?.fieldErrors : undefined;
      const mapped: FieldErrors = {};
      for (const [key, message] of Object.entries(fieldErrors ?? {})) {
        const field = fieldOfServerError(key);
        if (field !== undefined) mapped[field] = message;
      }
      setServerErrors(mapped);
      if (Object.keys(mapped).length === 0) setError(`Saving the triggers failed: ${caught instanceof Error ? caught.message : String(caught)}`);
      return false;
    } finally {
      setSaving(false);
    }
  }

  async function saveEdited(trigger: Trigger) {
    const triggers =
      editing?.mode === 'change' ? task.triggers.map((existing, index) => (index === editing.index ? trigger : existing)) : [...task.triggers, trigger];
    if (await save(triggers)) setEditing(undefined);
  }

  async function remove(index: number) {
    if (await save(task.triggers.filter((_, position) => position !== index))) setConfirmRemove(undefined);
  }

  const viewerZone = typeof Intl === 'undefined' ? undefined : Intl.DateTimeFormat().resolvedOptions().timeZone;
  const showServerZone = serverTimeZone !== undefined && serverTimeZone !== viewerZone;

  return (
    <section aria-labelledby="triggers-heading" className="card">
      <div className="row spread">
        <h2 id="triggers-heading">Triggers</h2>
        <button
          type="button"
          className="button primary"
          onClick={() => {
            setServerErrors({});
            setEditing({ mode: 'add' });
          }}
          disabled={editing !== undefined}
        >
          Add trigger
        </button>
      </div>
      {error === undefined ? null : (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {task.triggers.length === 0 ? <p className="muted">No triggers: this task runs only when started by hand.</p> : null}
      <ul className="trigger-list">
        {task.triggers.map((trigger, index) => {
          const next = task.nextFireTimes[index];
          const limit = describeTimeLimit(trigger);
          return (
            <li key={`${index}-${JSON.stringify(trigger)}`} className="trigger-row">
              <div className="task-main">
                <strong>{describeTrigger(trigger)}</strong>
                {limit === undefined ? null : <span className="muted">{limit}</span>}
                {next === null || next === undefined ? null : (
                  <span className="muted small">
                    Next: <time dateTime={next}>{formatDateTime(new Date(next))}</time> {zoneName(new Date(next))}
                    {showServerZone ? ` (${formatDateTime(new Date(next), serverTimeZone)} ${zoneName(new Date(next), serverTimeZone)} server time)` : null}
                  </span>
                )}
              </div>
              {confirmRemove === index ? (
                <div className="row" role="group" aria-label={`Remove ${describeTrigger(trigger)}?`}>
                  <span>Remove this trigger?</span>
                  <button type="button" className="button danger" disabled={saving} onClick={() => void remove(index)}>
                    Remove
                  </button>
                  <button type="button" className="button" onClick={() => setConfirmRemove(undefined)}>
                    Keep
                  </button>
                </div>
              ) : (
                <div className="row">
                  <button
                    type="button"
                    className="button"
                    disabled={editing !== undefined}
                    aria-label={`Change ${describeTrigger(trigger)}`}
                    onClick={() => {
                      setServerErrors({});
                      setEditing({ mode: 'change', index });
                    }}
                  >
                    Change
                  </button>
                  <button type="button" className="button" aria-label={`Remove ${describeTrigger(trigger)}`} onClick={() => setConfirmRemove(index)}>
                    Remove
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {editing === undefined ? null : (
        <TriggerEditor
          key={editing.mode === 'add' ? 'add' : `change-${editing.index}`}
          title={editing.mode === 'add' ? 'Add a trigger' : 'Change the trigger'}
          initial={editing.mode === 'add' ? EMPTY_DRAFT : draftFromTrigger(task.triggers[editing.index]!)}
          serverErrors={serverErrors}
          serverTimeZone={serverTimeZone}
          saving={saving}
          onSave={(trigger) => void saveEdited(trigger)}
          onCancel={() => setEditing(undefined)}
        />
      )}
    </section>
  );
}
