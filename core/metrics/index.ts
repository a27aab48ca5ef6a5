export * from './builtins';
