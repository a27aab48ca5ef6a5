import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createLocalClients, startEmbeddedEngine, type LocalEngine } from '../../functions/store/index';

/** A running DynamoDB engine for a test: where to reach it and how to stop it. */
export type DynamoDbEngine = LocalEngine;

/** Set to 1 to skip the DynamoDB Local variant of store tests (on a machine without Java). */
export const SKIP_DYNAMODB_LOCAL_VARIABLE = 'FLYWHEEL_SKIP_DYNAMODB_LOCAL';

const STARTUP_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;

/** Starts dynalite in this process, in memory, on a free loopback port (milliseconds). */
export function startDynalite(): Promise<DynamoDbEngine> {
  return startEmbeddedEngine();
}

/** True when the environment asks to skip DynamoDB Local. */
export function isDynamoDbLocalSkipped(): boolean {
  return process.env[SKIP_DYNAMODB_LOCAL_VARIABLE] === '1';
}

/**
 * Spawns AWS's DynamoDB Local (shipped in the npm package amplify-dynamodb-simulator) with
 * Java, in memory, on a free loopback port, and resolves once it answers ListTables (~6-7 s).
 * Fails with a message that says what is missing when Java or the package is absent.
 */
export async function startDynamoDbLocal(): Promise<DynamoDbEngine> {
  const emulatorDir = findEmulatorDir();
  const port = await findFreePort();
  const child = spawn('java', ['-Djava.library.path=DynamoDBLocal_lib', '-jar', 'DynamoDBLocal.jar', '-inMemory', '-port', String(port), '-disableTelemetry'], {
    cwd: emulatorDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // If the test process exits without stop(), do not leave a JVM behind.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(child, endpoint, () => output);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { endpoint, stop: () => stopChild(child) };
}

function findEmulatorDir(): string {
  let packageJson: string;
  try {
    packageJson = createRequire(import.meta.url).resolve('amplify-dynamodb-simulator/package.json');
  } catch (error) {
    throw new Error(
      `DynamoDB Local needs the npm package amplify-dynamodb-simulator (a devDependency): run npm ci, or set ${SKIP_DYNAMODB_LOCAL_VARIABLE}=1 to skip these tests.`,
      { cause: error },
    );
  }
  const emulatorDir = join(dirname(packageJson), 'emulator');
  if (!existsSync(join(emulatorDir, 'DynamoDBLocal.jar'))) {
    throw new Error(`DynamoDBLocal.jar is missing from ${emulatorDir}: reinstall amplify-dynamodb-simulator, or set ${SKIP_DYNAMODB_LOCAL_VARIABLE}=1 to skip these tests.`);
  }
  return emulatorDir;
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitUntilAnswering(child: ChildProcess, endpoint: string, readOutput: () => string): Promise<void> {
  let exited: string | undefined;
  child.once('error', (error: NodeJS.ErrnoException) => {
    exited =
      error.code === 'ENOENT'
        ? `Java was not found on PATH: DynamoDB Local needs Java 17+ (apt-get install openjdk-17-jre-headless), or set ${SKIP_DYNAMODB_LOCAL_VARIABLE}=1 to skip these tests.`
        : `DynamoDB Local could not start: ${error.message}`;
  });
  child.once('exit', (code, signal) => {
    exited ??= `DynamoDB Local exited (code ${code ?? 'none'}, signal ${signal ?? 'none'}) before answering. Output:\n${readOutput()}`;
  });
  const { client } = createLocalClients(endpoint);
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  try {
    for (;;) {
      if (exited !== undefined) throw new Error(exited);
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer at ${endpoint} within ${STARTUP_TIMEOUT_MS} ms. Output:\n${readOutput()}`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    client.destroy();
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}
