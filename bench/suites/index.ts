import type { Suite } from '../harness/types.ts';
import { historyGrowthSuite } from './history-growth.ts';
import { liveUpdatesSuite } from './live-updates.ts';

/** Every suite `pnpm bench` runs, in this order. */
export const suites: Suite[] = [liveUpdatesSuite, historyGrowthSuite];
