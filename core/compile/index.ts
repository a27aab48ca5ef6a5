export * from './jobs';
export * from './stable-hash';
export * from './compile-plan';
export * from './diff-plan';
export * from './post-runs';
export * from './source-jobs';
