import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import { createLocalClients, createTable, FlywheelStore, type LocalEngine } from '../../functions/store/index';
import { describeJobAndPublishCases } from './store-suite-jobs';
import { describeStateCases } from './store-suite-state';

/** What each case of the shared suite gets: a fresh table on the engine under test. */
export interface StoreHarness {
  readonly engineName: string;
  /** A store on this test's fresh table. */
  store(): FlywheelStore;
  /** Another store on the same table, e.g. with its own clock. */
  storeWith(options: { now: () => number }): FlywheelStore;
  readonly documentClient: () => DynamoDBDocumentClient;
  readonly tableName: () => string;
}

let tableCounter = 0;

/**
 * The one store suite, run against every engine: each test file calls it with an engine
 * starter, which runs once per file (beforeAll) and each test gets its own table.
 */
export function describeStoreSuite(engineName: string, startEngine: () => Promise<LocalEngine>): void {
  describe(`FlywheelStore on ${engineName}`, () => {
    let engine: LocalEngine | undefined;
    let client: DynamoDBClient | undefined;
    let documentClient: DynamoDBDocumentClient | undefined;
    let tableName = '';

    beforeAll(async () => {
      engine = await startEngine();
      ({ client, documentClient } = createLocalClients(engine.endpoint));
    }, 90_000);

    afterAll(async () => {
      client?.destroy();
      await engine?.stop();
    }, 30_000);

    beforeEach(async () => {
      tableCounter += 1;
      tableName = `flywheel-test-${tableCounter}`;
      await createTable(required(client), tableName);
    });

    const harness: StoreHarness = {
      engineName,
      store: () => new FlywheelStore({ client: required(documentClient), tableName }),
      storeWith: ({ now }) => new FlywheelStore({ client: required(documentClient), tableName, now }),
      documentClient: () => required(documentClient),
      tableName: () => tableName,
    };
    describeJobAndPublishCases(harness);
    describeStateCases(harness);
  });
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('The engine did not start: see the beforeAll error above.');
  return value;
}
