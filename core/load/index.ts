export * from './source-file';
export * from './source-document';
export * from './yaml-document';
export * from './parse-file';
export * from './schema-issues';
export * from './load-workspace';
