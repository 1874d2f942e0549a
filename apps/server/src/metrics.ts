import type { Engine } from '@tickwork/engine';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Lag spikes at least this long are always seen by the event-loop lag metrics. */
const EVENT_LOOP_SAMPLE_INTERVAL_MS = 100;

/** Prometheus metrics of one server process. */
export class Metrics {
  readonly registry = new Registry();
  readonly databaseQueries = new Counter({
    name: 'tickwork_database_queries_total',
    help: 'SQL statements sent to the database.',
    registers: [this.registry],
  });
  readonly databaseQuerySeconds = new Histogram({
    name: 'tickwork_database_query_duration_seconds',
    help: 'Duration of SQL statements, in seconds.',
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [this.registry],
  });
  readonly runsEnded = new Counter({
    name: 'tickwork_runs_ended_total',
    help: 'Runs that ended, by task key and status.',
    labelNames: ['task', 'status'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({
      register: this.registry,
      prefix: 'tickwork_',
      // The event-loop lag histogram samples with a timer at this interval. prom-client 15's
      // default of 10 ms woke an idle server 100 times a second.
      eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_INTERVAL_MS,
    });
  }

  /** Counts run ends and exposes the number of runs in progress. */
  observe(engine: Engine): void {
    engine.events.on('runEnded', (result) => this.runsEnded.inc({ task: result.taskKey, status: result.status }));
    new Gauge({
      name: 'tickwork_runs_active',
      help: 'Runs in progress in this process.',
      registers: [this.registry],
      collect() {
        this.set(engine.activeRunCount());
      },
    });
  }

  recordQuery(durationMs: number): void {
    this.databaseQueries.inc();
    this.databaseQuerySeconds.observe(durationMs / 1000);
  }
}
