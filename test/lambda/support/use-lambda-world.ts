import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { isDynamoDbLocalSkipped, startDynalite, startDynamoDbLocal, type DynamoDbEngine } from '../../support/dynamodb-engines';
import { startLambdaWorld, type LambdaWorld, type LambdaWorldOptions } from './lambda-world';

type StartEngine = () => Promise<DynamoDbEngine>;

/** The engines a handler suite runs on, for `describe.each`: dynalite always, DynamoDB Local unless it is skipped. */
export const ENGINES: ReadonlyArray<readonly [name: string, startEngine: StartEngine]> = [
  ['dynalite', startDynalite],
  ...(isDynamoDbLocalSkipped() ? [] : [['DynamoDB Local', startDynamoDbLocal] as const]),
];

/** What a suite reaches its engine and the running test's world through. */
export interface LambdaWorldHandle {
  readonly engine: DynamoDbEngine;
  /** The running test's world. */
  readonly world: LambdaWorld;
  /** Stops the test's world and starts another on the same engine, e.g. with other playbooks; it is stopped after the test too. */
  restart(options: LambdaWorldOptions): Promise<LambdaWorld>;
}

/**
 * Registers the hooks every handler suite needs: one engine for the file or `describe` block it is
 * called in, and a fresh world (its own table, local AWS servers and playbooks) for each test.
 * `options` is read as each test starts, so it may use servers that earlier `beforeEach` hooks started.
 */
export function useLambdaWorld(startEngine: StartEngine = startDynalite, options: () => LambdaWorldOptions = () => ({})): LambdaWorldHandle {
  let engine: DynamoDbEngine | undefined;
  let world: LambdaWorld | undefined;
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`No ${what} is running: use the handle from useLambdaWorld() inside a test or hook of the suite that called it`);
    return value;
  };
  beforeAll(async () => {
    engine = await startEngine();
  }, 60_000);
  afterAll(async () => {
    await engine?.stop();
  });
  beforeEach(async () => {
    world = await startLambdaWorld(started(engine, 'DynamoDB engine'), options());
  });
  afterEach(async () => {
    await world?.stop();
    world = undefined;
  });
  return {
    get engine() {
      return started(engine, 'DynamoDB engine');
    },
    get world() {
      return started(world, 'Lambda world');
    },
    async restart(next) {
      await world?.stop();
      world = undefined;
      world = await startLambdaWorld(started(engine, 'DynamoDB engine'), next);
      return world;
    },
  };
}
