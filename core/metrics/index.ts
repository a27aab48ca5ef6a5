export * from './builtins';
export * from './decode-csv';
export * from './metric-values';
export * from './parse-csv';
export * from './read-instant';
export * from './metrics-workspace';
export * from './read-json-points';
