export * from './values';
export * from './workspace';
export * from './campaign';
export * from './sop';
export * from './goal';
export * from './check';
export * from './document';
export * from './kinds';
