// Runs every benchmark suite in one process, one after another, and writes the
// report: the generated section of docs/benchmarks.md for a full run of every
// suite, bench/results/quick.md for a smoke run, or bench/results/partial.md
// for a run of some suites (--only).
//
//   pnpm bench [--quick] [--only name,name] [--out FILE] [--repetitions N]
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { renderReport, spliceReport } from './harness/report.ts';
import type { SuiteOutcome } from './harness/report.ts';
import { suites } from './suites/index.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: options } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string' },
    repetitions: { type: 'string' },
  },
});

const quick = options.quick === true;
const repetitions = Number(options.repetitions ?? (quick ? 1 : 3));
if (!Number.isInteger(repetitions) || repetitions < 1 || repetitions > 20) {
  console.error(`--repetitions must be a whole number from 1 to 20, not "${options.repetitions}".`);
  process.exit(2);
}
const names = options.only?.split(',').map((name) => name.trim()) ?? suites.map((suite) => suite.name);
const unknown = names.filter((name) => !suites.some((suite) => suite.name === name));
if (unknown.length > 0) {
  console.error(`Unknown suite "${unknown.join('", "')}"; choose from ${suites.map((suite) => suite.name).join(', ')}.`);
  process.exit(2);
}
/** Only a full run of every suite replaces the report in docs/benchmarks.md. */
function defaultOutFile(): string {
  if (quick) return path.join(root, 'bench/results/quick.md');
  if (options.only !== undefined) return path.join(root, 'bench/results/partial.md');
  return path.join(root, 'docs/benchmarks.md');
}
const outFile = path.resolve(process.env.INIT_CWD ?? process.cwd(), options.out ?? defaultOutFile());

const startedAt = new Date();
const loadBefore = os.loadavg()[0] ?? 0;
const outcomes: SuiteOutcome[] = [];
for (const suite of suites.filter((candidate) => names.includes(candidate.name))) {
  const tempDir = mkdtempSync(path.join(os.tmpdir(), `tickwork-bench-${suite.name}-`));
  const began = performance.now();
  console.error(`[bench] ${suite.title}…`);
  try {
    const report = await suite.run({
      quick,
      repetitions,
      tempDir,
      log: (message) => console.error(`[bench] ${suite.name}: ${message}`),
    });
    outcomes.push({ suite, report, seconds: (performance.now() - began) / 1000 });
    for (const verdict of report.verdicts) {
      console.error(`[bench] ${suite.name}: ${verdict.met ? 'met' : 'MISSED'}: ${verdict.target}: ${verdict.measured}`);
    }
  } catch (error) {
    console.error(`[bench] ${suite.name} failed:`, error);
    outcomes.push({ suite, error: error as Error, seconds: (performance.now() - began) / 1000 });
  } finally {
    rmSync(tempDir, { recursive: true, force: true });
  }
  console.error(`[bench] ${suite.name} took ${((performance.now() - began) / 1000).toFixed(0)} s`);
}

const generated = renderReport(
  {
    startedAt,
    seconds: (Date.now() - startedAt.getTime()) / 1000,
    quick,
    repetitions,
    loadBefore,
    loadAfter: os.loadavg()[0] ?? 0,
  },
  outcomes,
);
mkdirSync(path.dirname(outFile), { recursive: true });
let page = '';
try {
  page = readFileSync(outFile, 'utf8');
} catch {
  page = '# Benchmarks\n';
}
writeFileSync(outFile, spliceReport(page, generated));
console.log(generated);
console.error(`[bench] report written to ${path.relative(process.cwd(), outFile)}`);
process.exit(outcomes.some((outcome) => 'error' in outcome) ? 1 : 0);
