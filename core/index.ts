export * from './diagnostics';
export * from './suggest';
export * from './schema/index';
export * from './metrics/index';
export * from './load/index';
export * from './validate/index';
export * from './node/read-folder';
