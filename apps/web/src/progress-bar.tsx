/** Renders a progress bar with its rounded percentage. It is indeterminate while the task has reported none. */
export function ProgressBar({ label, percent }: { label: string; percent: number | null }) {
  const rounded = percent === null ? undefined : Math.round(percent);
  return (
    <span className="progress-wrap">
      <span
        className={rounded === undefined ? 'progress indeterminate' : 'progress'}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={rounded}
      >
        <span className="progress-fill" style={{ width: `${rounded ?? 100}%` }} />
      </span>
      <span className="progress-text">{rounded === undefined ? 'Running' : `${rounded}%`}</span>
    </span>
  );
}
