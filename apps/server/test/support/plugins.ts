/**
 * Plugin modules the integration tests drop into a server's plugin folder.
 * They are plain JavaScript, as an administrator would write them.
 */

/**
 * LongTask reports progress every 20 ms for about 20 s. When cancelled it
 * takes 400 ms to clean up, so a client can see the Cancelling state.
 */
export const LONG_TASK_PLUGIN = `
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export default {
  key: 'LongTask',
  name: 'Long task',
  description: 'Counts to 1000 slowly.',
  category: 'Testing',
  defaultTriggers: [{ kind: 'interval', intervalTicks: 36000000000 * 24 }],
  async execute(context) {
    context.logger.info('starting');
    for (let step = 1; step <= 1000; step += 1) {
      if (context.signal.aborted) {
        context.logger.info('cancelled; cleaning up');
        await sleep(400);
        throw context.signal.reason;
      }
      context.reportProgress(step / 10);
      await sleep(20);
    }
  },
};
`;

/** QuickTask finishes at once; FailingTask always throws; HiddenTask is hidden; DisabledTask is disabled. */
export const SMALL_TASKS_PLUGIN = `
export default [
  {
    key: 'QuickTask',
    name: 'Quick task',
    description: 'Finishes at once.',
    category: 'Testing',
    execute() {},
  },
  {
    key: 'FailingTask',
    name: 'Failing task',
    description: 'Always fails.',
    category: 'Testing',
    execute(context) {
      context.logger.error('about to fail');
      throw new Error('disk full');
    },
  },
  {
    key: 'HiddenTask',
    name: 'Hidden task',
    description: 'Not shown by default.',
    category: 'Testing',
    isHidden: true,
    execute() {},
  },
  {
    key: 'DisabledTask',
    name: 'Disabled task',
    description: 'Triggers do not fire.',
    category: 'Testing',
    isEnabled: false,
    execute() {},
  },
];
`;

/** A plugin file that throws while loading; the server must log it and carry on. */
export const BROKEN_PLUGIN = `throw new Error('this plugin is broken');\n`;
