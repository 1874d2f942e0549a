// Measures the library scan against a bare directory walk on the same tree.
//
//   pnpm bench [--files N]     default 100,000 empty .mkv files in folders of 1,000
//
// Each measurement runs in its own Node process, so its peak RSS
// (getrusage's ru_maxrss) belongs to that measurement alone:
//   baseline    opendir walk with an explicit stack, counting files
//   first scan  Scan Media Library into a new SQLite database (every file added)
//   rescan      the same scan again (every file unchanged)
// The seconds of a scan start once the engine has started, so they leave
// out opening and migrating the database.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { opendir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { openDatabase } from '../packages/db/src/index.ts';
import { Engine } from '../packages/engine/src/engine.ts';
import { createBuiltInTasks } from '../packages/engine/src/tasks/index.ts';

const FILES_PER_FOLDER = 1000;

interface Measurement {
  files: number;
  /** Peak RSS before the measured work: Node, tsx and, for the scans, the opened database. */
  rssBeforeMiB: number;
  seconds: number;
  peakRssMiB: number;
  /** Heap in use after a full collection, at the end. */
  heapAfterGcMiB: number;
}

async function walkBaseline(root: string): Promise<number> {
  const stack = [root];
  let files = 0;
  while (stack.length > 0) {
    const folder = stack.pop() as string;
    for await (const entry of await opendir(folder)) {
      if (entry.isDirectory()) stack.push(path.join(folder, entry.name));
      else if (entry.isFile()) files += 1;
    }
  }
  return files;
}

async function scan(root: string, dataDir: string, onReady: () => void): Promise<number> {
  const database = await openDatabase({ url: `file:${path.join(dataDir, 'tickwork.db')}` });
  const engine = new Engine({
    database,
    timeZone: 'UTC',
    paths: { data: dataDir, cache: dataDir, transcode: dataDir, logs: dataDir },
  });
  for (const task of createBuiltInTasks({ libraries: [{ name: 'Bench', paths: [root] }] })) engine.register(task);
  await engine.start();
  onReady();
  const id = engine.resolveTaskId('RefreshLibrary') as string;
  engine.startTask(id);
  await engine.whenIdle(id);
  const status = engine.getTask(id)?.lastResult?.status;
  if (status !== 'completed') throw new Error(`the scan ended ${status}: ${engine.getTask(id)?.lastResult?.errorMessage}`);
  const files = await database.prisma.mediaItem.count();
  await engine.stop();
  await database.close();
  return files;
}

/** Runs one measurement in this process and prints it as JSON. */
async function measure(mode: string, root: string, dataDir: string): Promise<void> {
  let rssBeforeMiB = process.resourceUsage().maxRSS / 1024;
  let startedAt = performance.now();
  let files: number;
  if (mode === 'baseline') {
    files = await walkBaseline(root);
  } else {
    files = await scan(root, dataDir, () => {
      rssBeforeMiB = process.resourceUsage().maxRSS / 1024;
      startedAt = performance.now();
    });
  }
  const seconds = (performance.now() - startedAt) / 1000;
  globalThis.gc?.();
  const result: Measurement = {
    files,
    rssBeforeMiB,
    seconds,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    heapAfterGcMiB: process.memoryUsage().heapUsed / 1024 / 1024,
  };
  console.log(JSON.stringify(result));
}

function runChild(mode: string, root: string, dataDir: string): Measurement {
  const output = execFileSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--measure', mode, '--root', root, '--data', dataDir],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return JSON.parse(output.trim().split('\n').at(-1) as string) as Measurement;
}

function makeTree(files: number): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'tickwork-bench-'));
  for (let index = 0; index < files; index += 1) {
    const folder = path.join(root, `folder-${Math.floor(index / FILES_PER_FOLDER)}`);
    if (index % FILES_PER_FOLDER === 0) mkdirSync(folder);
    writeFileSync(path.join(folder, `${index}.mkv`), '');
  }
  return root;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      files: { type: 'string', default: '100000' },
      measure: { type: 'string' },
      root: { type: 'string' },
      data: { type: 'string' },
    },
  });
  if (values.measure !== undefined) {
    await measure(values.measure, values.root as string, values.data as string);
    return;
  }

  const files = Number(values.files);
  if (!Number.isInteger(files) || files < 1) throw new Error(`--files ${values.files} is invalid; use a whole number of 1 or more.`);
  console.log(`Generating ${files.toLocaleString('en')} empty files…`);
  const root = makeTree(files);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tickwork-bench-data-'));
  try {
    const rows: Array<[string, Measurement]> = [
      ['baseline: opendir walk', runChild('baseline', root, dataDir)],
      ['first scan (all added)', runChild('scan', root, dataDir)],
      ['rescan (all unchanged)', runChild('rescan', root, dataDir)],
    ];
    console.log(`\n${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, ${os.platform()} ${os.release()}\n`);
    const baselineSeconds = rows[0]![1].seconds;
    console.log('| run | files | seconds | files/s | peak RSS before MiB | peak RSS MiB | heap after GC MiB | time / baseline time |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const [name, m] of rows) {
      console.log(
        `| ${name} | ${m.files} | ${m.seconds.toFixed(2)} | ${Math.round(m.files / m.seconds)} | ${m.rssBeforeMiB.toFixed(0)} | ${m.peakRssMiB.toFixed(0)} | ${m.heapAfterGcMiB.toFixed(1)} | ${(m.seconds / baselineSeconds).toFixed(0)}× |`,
      );
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
