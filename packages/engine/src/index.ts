export * from './trigger.ts';
export * from './task-snapshot.ts';
