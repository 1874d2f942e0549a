import type { Suite } from '../harness/types.ts';
import { scaleSuite } from './scale.ts';

/** Every suite `pnpm bench` runs, in this order. */
export const suites: Suite[] = [scaleSuite];
