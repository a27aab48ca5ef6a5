import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** A DynamoDB engine running on this machine. */
export interface LocalEngine {
  /** http://127.0.0.1:PORT */
  readonly endpoint: string;
  /** Stops the engine and waits until its port is free. */
  stop(): Promise<void>;
}

/** Where the embedded engine keeps its data and which port it listens on. */
export interface EmbeddedEngineOptions {
  /** LevelDB folder (e.g. `.flywheel/dynamodb`); in memory when absent. */
  readonly path?: string;
  /** Loopback port; 0 (the default) picks a free one. */
  readonly port?: number;
}

/**
 * Starts dynalite in this process on the loopback interface: the embedded store of
 * `flywheel run` and of tests. Tables become ACTIVE at once.
 */
export async function startEmbeddedEngine(options: EmbeddedEngineOptions = {}): Promise<LocalEngine> {
  // Loaded on demand: Lambda bundles import this entry too and must not need LevelDB's native addon.
  const { default: dynalite } = await import('dynalite');
  const server = dynalite({ ...(options.path === undefined ? {} : { path: options.path }), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // SDK clients keep connections alive; without this, close waits for them to time out.
        server.closeAllConnections();
      }),
  };
}

/** Clients for a local engine, with dummy credentials so no real AWS account is ever used. */
export function createLocalClients(endpoint: string): { client: DynamoDBClient; documentClient: DynamoDBDocumentClient } {
  // The SDK version is pinned in the lockfile; its notice that later releases need Node 22 is
  // noise on every local run on Node 20, so local clients switch it off.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  return { client, documentClient: DynamoDBDocumentClient.from(client) };
}
