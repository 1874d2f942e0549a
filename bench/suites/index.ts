import type { Suite } from '../harness/types.ts';

/** Every suite `pnpm bench` runs, in this order. */
export const suites: Suite[] = [];
