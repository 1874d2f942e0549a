/**
 * The generated plugin that the Tickwork driver loads into every server
 * process: N no-op tasks whose bodies record, for each scheduled fire, the
 * instant the fire was due and the instant the body started.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The file, in a node's data folder, that the plugin appends its fire records to. */
export const FIRE_RECORD_FILE = 'bench-fires.jsonl';

/** One start of a task body by a scheduled fire, as the plugin wrote it. */
export interface FireRecord {
  taskKey: string;
  /** context.scheduledFor, epoch milliseconds. */
  scheduledAt: number;
  /** preciseNow() when the body started, epoch milliseconds. */
  startedAt: number;
  runId: string;
}

/** The key of the bench task with this index, padded so keys sort by index. */
export function benchTaskKey(index: number): string {
  return `BenchNoop${String(index).padStart(5, '0')}`;
}

/**
 * Returns the source of a plugin file with `tasks` no-op tasks and no
 * triggers. Records are buffered in memory and appended to the file once a
 * second and when the process exits, so the measured path does no file I/O.
 */
export function noopPluginSource(tasks: number): string {
  return `import { appendFileSync } from 'node:fs';
import path from 'node:path';

const file = path.join(process.env.TICKWORK_DATA_DIR ?? '.', ${JSON.stringify(FIRE_RECORD_FILE)});
let buffered = [];

function flush() {
  if (buffered.length === 0) return;
  const lines = buffered.join('');
  buffered = [];
  appendFileSync(file, lines);
}

setInterval(flush, 1000).unref();
process.on('exit', flush);

export default Array.from({ length: ${tasks} }, (_, index) => ({
  key: 'BenchNoop' + String(index).padStart(5, '0'),
  name: 'Bench no-op ' + index,
  description: 'Does nothing; records how late its scheduled fires start.',
  category: 'Bench',
  isLogged: false,
  execute(context) {
    const startedAt = performance.timeOrigin + performance.now();
    if (context.scheduledFor === undefined) return;
    buffered.push(JSON.stringify({
      taskKey: context.taskKey,
      scheduledAt: context.scheduledFor.getTime(),
      startedAt,
      runId: context.runId,
    }) + '\\n');
  },
}));
`;
}

/** Reads the fire records a node wrote to its data folder; none when it wrote no file. */
export function readFireRecords(dataDir: string): FireRecord[] {
  const file = path.join(dataDir, FIRE_RECORD_FILE);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as FireRecord);
}
