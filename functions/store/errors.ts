/** Any failure of the store that is not one of the domain outcomes below. */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/** A check's state was changed by someone else since it was read (optimistic lock lost). */
export class StateConflictError extends StoreError {
  readonly checkId: string;
  readonly expectedVersion: number;

  constructor(checkId: string, expectedVersion: number, options?: { cause?: unknown }) {
    super(`Check state "${checkId}" is no longer at version ${expectedVersion}: read it again and retry.`, options);
    this.name = 'StateConflictError';
    this.checkId = checkId;
    this.expectedVersion = expectedVersion;
  }
}

/** An outcome was recorded for a publish that was never claimed (or whose claim expired). */
export class PublishNotClaimedError extends StoreError {
  readonly key: string;

  constructor(key: string, options?: { cause?: unknown }) {
    super(`No publish claim exists for "${key}": claim it before recording an outcome.`, options);
    this.name = 'PublishNotClaimedError';
    this.key = key;
  }
}

/** DynamoDB kept returning unprocessed items from BatchWriteItem after every retry. */
export class UnprocessedItemsError extends StoreError {
  readonly unprocessedCount: number;

  constructor(unprocessedCount: number, attempts: number) {
    super(`${unprocessedCount} item(s) were still unprocessed after ${attempts} BatchWriteItem attempts.`);
    this.name = 'UnprocessedItemsError';
    this.unprocessedCount = unprocessedCount;
  }
}

/** True when an SDK error is DynamoDB's "the condition expression was false". */
export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** Wraps an SDK error in a StoreError that names the operation; domain errors pass through. */
export function toStoreError(operation: string, error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new StoreError(`DynamoDB ${operation} failed (${reason}).`, { cause: error });
}
