export * from './local-time';
export * from './duration';
