/**
 * The contract, in one import: process and event shapes, the run report, the IPC calls and
 * pushes, and their request schemas. Pure TypeScript and zod: no `electron`, no Node module.
 * (The preload imports `./ipc` directly, to stay free of zod.)
 */
export * from './events';
export * from './process';
export * from './report';
export * from './ipc';
export * from './requests';
