// The whole metadata schema, one module per aggregate; drizzle-kit reads this file.
export * from './drift.ts';
export * from './environments.ts';
export * from './history.ts';
export * from './inbound-jobs.ts';
export * from './issues.ts';
export * from './outbox.ts';
export * from './principals.ts';
export * from './projects.ts';
export * from './system.ts';
