import type { RunDto } from '@tickwork/api';

import { formatDuration } from './time-format';

const WIDTH = 600;
const HEIGHT = 120;

/** Bars of the durations of recent finished runs, oldest on the left, coloured by status. */
export function DurationChart({ runs }: { runs: RunDto[] }) {
  const finished = runs.filter((run) => run.durationMs !== null).slice(0, 30).reverse();
  if (finished.length < 2) return null;
  const longest = Math.max(...finished.map((run) => run.durationMs ?? 0), 1);
  const slot = WIDTH / finished.length;
  const summary = `Durations of the last ${finished.length} runs, from ${formatDuration(Math.min(...finished.map((run) => run.durationMs ?? 0)))} to ${formatDuration(longest)}.`;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary} preserveAspectRatio="none">
        {finished.map((run, index) => {
          const height = Math.max(2, ((run.durationMs ?? 0) / longest) * (HEIGHT - 4));
          return (
            <rect
              key={run.id}
              className={`bar status-${run.status}`}
              x={index * slot + slot * 0.15}
              y={HEIGHT - height}
              width={slot * 0.7}
              height={height}
            >
              <title>{`${formatDuration(run.durationMs ?? 0)}, ${run.status}`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="muted small">{summary}</figcaption>
    </figure>
  );
}
