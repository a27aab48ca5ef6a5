export { FlywheelStore, type FlywheelStoreOptions } from './flywheel-store';
export { createTable, TTL_ATTRIBUTE, type CreateTableResult } from './create-table';
export { startEmbeddedEngine, createLocalClients, type LocalEngine, type EmbeddedEngineOptions } from './local-engine';
export { StoreError, StateConflictError, PublishNotClaimedError, UnprocessedItemsError } from './errors';
export type { ClaimResult } from './publish-claims';
export type { PutJobsResult } from './jobs';
export type { PutGoalStatusResult } from './goal-status';
export type { LoggedEvent } from './events';
export * from './schemas';
