export * from './builtins';
export * from './parse-csv';
