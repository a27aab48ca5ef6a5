export * from './context';
export * from './suppression';
export * from './validate-workspace';
export { IncrementalValidator } from './incremental';
export { listReferences, type Reference, type ReferenceTarget } from './list-references';
export { RULES } from './rules/index';
