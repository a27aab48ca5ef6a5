export * from './context';
export * from './suppression';
export * from './validate-workspace';
export { RULES } from './rules/index';
