import type { Db } from '@tickwork/db';

import type { RunLogLine } from '../events.ts';

/** Writes the lines tasks log, in batches. */
export class RunLogStore {
  constructor(private readonly db: Db) {}

  async appendLines(lines: RunLogLine[]): Promise<void> {
    if (lines.length === 0) return;
    await this.db.runLogLine.createMany({
      data: lines.map((line) => ({
        runId: line.runId,
        sequence: line.sequence,
        at: new Date(line.at),
        level: line.level,
        message: line.message,
      })),
    });
  }

  /** Deletes a run's lines with a sequence number up to and including `sequence`. */
  async dropLinesThrough(runId: string, sequence: number): Promise<void> {
    await this.db.runLogLine.deleteMany({ where: { runId, sequence: { lte: sequence } } });
  }

  async setLineCount(runId: string, count: number): Promise<void> {
    await this.db.run.updateMany({ where: { id: runId }, data: { logLineCount: count } });
  }

  async linesOf(runId: string): Promise<Array<Omit<RunLogLine, 'taskId'>>> {
    const rows = await this.db.runLogLine.findMany({ where: { runId }, orderBy: { sequence: 'asc' } });
    return rows.map((row) => ({
      runId: row.runId,
      sequence: row.sequence,
      at: row.at.getTime(),
      level: row.level as RunLogLine['level'],
      message: row.message,
    }));
  }
}
