'use client';

import { useId, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';

import { INTERVAL_PRESETS, triggerFromDraft } from './trigger-form';
import type { FieldErrors, SpanUnit, TriggerDraft, TriggerField } from './trigger-form';
import { WEEKDAYS, describeTriggerWithLimit } from './trigger-words';
import type { Trigger } from './trigger-words';

const KIND_LABELS: Record<Trigger['kind'], string> = {
  daily: 'Daily',
  weekly: 'Weekly',
  interval: 'On an interval',
  startup: 'On application startup',
  systemEvent: 'When the host wakes from sleep',
};

interface TriggerEditorProps {
  title: string;
  initial: TriggerDraft;
  /** Errors the server returned for the last save, by field. */
  serverErrors: FieldErrors;
  serverTimeZone: string | undefined;
  saving: boolean;
  onSave(trigger: Trigger): void;
  onCancel(): void;
}

/** Renders the form that adds or changes one trigger in times, weekdays and spans. It never shows ticks. */
export function TriggerEditor({ title, initial, serverErrors, serverTimeZone, saving, onSave, onCancel }: TriggerEditorProps) {
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const formId = useId();
  const shown: FieldErrors = { ...serverErrors, ...errors };
  const update = (change: Partial<TriggerDraft>) => setDraft((current) => ({ ...current, ...change }));
  const preview = triggerFromDraft(draft);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = triggerFromDraft(draft);
    if ('errors' in result) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    onSave(result.trigger);
  }

  const field = (name: TriggerField, label: string, control: (props: FieldProps) => ReactNode) => {
    const id = `${formId}-${name}`;
    const errorId = `${id}-error`;
    const error = shown[name];
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        {control({ id, 'aria-invalid': error !== undefined, 'aria-describedby': error === undefined ? undefined : errorId })}
        {error === undefined ? null : (
          <span id={errorId} className="error field-error">
            {error}
          </span>
        )}
      </div>
    );
  };

  return (
    <form className="editor stack" onSubmit={submit} noValidate aria-label={title}>
      <h3>{title}</h3>
      <div className="field">
        <label htmlFor={`${formId}-kind`}>Trigger type</label>
        <select id={`${formId}-kind`} value={draft.kind} onChange={(event) => update({ kind: event.currentTarget.value as Trigger['kind'] })}>
          {Object.entries(KIND_LABELS).map(([kind, label]) => (
            <option key={kind} value={kind}>
              {label}
            </option>
          ))}
        </select>
      </div>

      {draft.kind === 'weekly'
        ? field('dayOfWeek', 'Day of the week', (props) => (
            <select {...props} value={draft.dayOfWeek} onChange={(event) => update({ dayOfWeek: event.currentTarget.value })}>
              {WEEKDAYS.map((day, index) => (
                <option key={day} value={String(index)}>
                  {day}
                </option>
              ))}
            </select>
          ))
        : null}

      {draft.kind === 'daily' || draft.kind === 'weekly'
        ? field('time', `Time of day${serverTimeZone === undefined ? '' : ` (server time, ${serverTimeZone})`}`, (props) => (
            <input {...props} type="time" step={60} value={draft.time} onChange={(event) => update({ time: event.currentTarget.value })} />
          ))
        : null}

      {draft.kind === 'interval'
        ? field('interval', 'Every', (props) => (
            <div className="row">
              <select {...props} value={draft.intervalPreset} onChange={(event) => update({ intervalPreset: event.currentTarget.value })}>
                {INTERVAL_PRESETS.map((preset) => (
                  <option key={preset.ticks} value={String(preset.ticks)}>
                    {preset.label}
                  </option>
                ))}
                <option value="custom">Custom…</option>
              </select>
              {draft.intervalPreset === 'custom' ? (
                <SpanInput
                  label="Custom interval"
                  value={draft.customInterval}
                  unit={draft.customIntervalUnit}
                  invalid={shown.interval !== undefined}
                  onChange={(value, unit) => update({ customInterval: value, customIntervalUnit: unit })}
                />
              ) : null}
            </div>
          ))
        : null}

      <label className="check">
        <input type="checkbox" checked={draft.hasTimeLimit} onChange={(event) => update({ hasTimeLimit: event.currentTarget.checked })} />
        Stop runs after a time limit
      </label>
      {draft.hasTimeLimit
        ? field('timeLimit', 'Time limit', (props) => (
            <SpanInput
              label="Time limit"
              inputProps={props}
              value={draft.timeLimit}
              unit={draft.timeLimitUnit}
              invalid={shown.timeLimit !== undefined}
              onChange={(value, unit) => update({ timeLimit: value, timeLimitUnit: unit })}
            />
          ))
        : null}

      <p className="muted" aria-live="polite" data-testid="trigger-preview">
        {'trigger' in preview
          ? `Will be saved as: ${describeTriggerWithLimit(preview.trigger)}`
          : 'Complete the fields above to see the trigger in words.'}
      </p>

      <div className="row">
        <button type="submit" className="button primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save trigger'}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

interface FieldProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

/** Renders a number input with a unit select: minutes, hours or days. */
function SpanInput(props: {
  label: string;
  value: string;
  unit: SpanUnit;
  invalid: boolean;
  inputProps?: FieldProps;
  onChange(value: string, unit: SpanUnit): void;
}) {
  return (
    <span className="row">
      <input
        {...props.inputProps}
        aria-label={props.inputProps === undefined ? props.label : undefined}
        aria-invalid={props.invalid}
        type="number"
        inputMode="decimal"
        min={0}
        step="any"
        className="span-value"
        value={props.value}
        onChange={(event) => props.onChange(event.currentTarget.value, props.unit)}
      />
      <select
        aria-label={`${props.label} unit`}
        value={props.unit}
        onChange={(event) => props.onChange(props.value, event.currentTarget.value as SpanUnit)}
      >
        <option value="minutes">minutes</option>
        <option value="hours">hours</option>
        <option value="days">days</option>
      </select>
    </span>
  );
}
