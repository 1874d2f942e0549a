import type { Suite } from '../harness/types.ts';
import { clusterScalingSuite } from './cluster-scaling.ts';
import { firePrecisionSuite } from './fire-precision.ts';
import { historyGrowthSuite } from './history-growth.ts';
import { liveUpdatesSuite } from './live-updates.ts';
import { scaleSuite } from './scale.ts';
import { throughputSuite } from './throughput.ts';

/** Every suite `pnpm bench` runs, in this order. */
export const suites: Suite[] = [firePrecisionSuite, throughputSuite, clusterScalingSuite, liveUpdatesSuite, historyGrowthSuite, scaleSuite];
