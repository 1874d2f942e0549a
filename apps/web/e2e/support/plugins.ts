/** Plugin task files the end-to-end tests drop into the server's plugin folder. */

/**
 * LongTask reports progress 1 % every 50 ms, so it runs for about 5 s. When
 * stopped it takes 1.5 s to clean up, so the page can show "Stopping…".
 */
export const LONG_TASK_PLUGIN = `
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export default {
  key: 'LongTask',
  name: 'Long task',
  description: 'Counts to 100 slowly.',
  category: 'Testing',
  async execute(context) {
    context.logger.info('starting');
    for (let step = 1; step <= 100; step += 1) {
      if (context.signal.aborted) {
        context.logger.info('stopping; cleaning up');
        await sleep(1500);
        throw context.signal.reason;
      }
      context.reportProgress(step);
      await sleep(50);
    }
  },
};
`;

/** FailingTask always throws; HiddenTask is hidden unless the viewer asks for hidden tasks. */
export const SMALL_TASKS_PLUGIN = `
export default [
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
];
`;
