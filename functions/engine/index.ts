export * from './events';
export * from './state';
export * from './pause';
export * from './definitions';
export * from './handlers';
export * from './simulate';
export * from './messages';
