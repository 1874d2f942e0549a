/**
 * The contract between `bench/run.ts` and each benchmark suite. A suite
 * measures one subject (fire precision, run throughput, …), its baselines and
 * its peers in one run, and returns what the report page shows about it.
 */

export interface SuiteContext {
  /** `--quick`: a smoke run; the whole quick run must finish in under 3 minutes. */
  quick: boolean;
  /** How many times each figure is measured; the report shows the median, min and max. */
  repetitions: number;
  /** A folder of the system's temporary folder that this suite may fill; it is deleted afterwards. */
  tempDir: string;
  /** Progress lines for the person watching; they go to stderr, not into the report. */
  log(message: string): void;
}

/** One figure measured several times. */
export interface Figure {
  samples: number[];
  median: number;
  min: number;
  max: number;
}

/** A Markdown table; cells are already formatted. */
export interface Table {
  caption: string;
  columns: string[];
  rows: string[][];
}

/** A target from the issue, with what was measured and whether it holds. */
export interface Verdict {
  target: string;
  measured: string;
  met: boolean;
}

export interface SuiteReport {
  /** How the suite measures, in Markdown: setup, load, clock, baseline. */
  method: string;
  tables: Table[];
  verdicts: Verdict[];
  /** Findings and explanations, in Markdown list items without the leading dash. */
  notes: string[];
  /** Figures whose spread (max − min) exceeds a quarter of their median, named for the report. */
  noisy: string[];
}

export interface Suite {
  /** Short name used by `--only`, such as `fire-precision`. */
  name: string;
  /** The section heading on the report page. */
  title: string;
  run(context: SuiteContext): Promise<SuiteReport>;
}
