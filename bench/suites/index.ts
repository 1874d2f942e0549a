import type { Suite } from '../harness/types.ts';
import { liveUpdatesSuite } from './live-updates.ts';

/** Every suite `pnpm bench` runs, in this order. */
export const suites: Suite[] = [liveUpdatesSuite];
