import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIST = join(import.meta.dirname, '..', 'extension', 'dist');

/** A copy of the two server files in a fresh folder, so caches written here are this test's own. */
function copyServer(): string {
  const folder = mkdtempSync(join(tmpdir(), 'flywheel-launch-'));
  for (const name of ['server.js', 'server-main.js']) copyFileSync(join(DIST, name), join(folder, name));
  return folder;
}

const cacheFiles = (folder: string) => readdirSync(folder).filter((name) => name.endsWith('.cache'));

/** Starts the server, sends `initialize` over stdio and resolves with its answer; stops it after `keepMs`. */
function initialize(folder: string, keepMs: number): Promise<string> {
  const server = spawn(process.execPath, [join(folder, 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
  server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  return new Promise((resolve, reject) => {
    let output = '';
    server.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('"serverInfo"')) setTimeout(() => server.kill(), keepMs);
    });
    server.once('exit', () => (output.includes('"serverInfo"') ? resolve(output) : reject(new Error(`no answer to initialize: ${output}`))));
  });
}

describe('server.js, the file editors run', () => {
  it('writes a code cache for its bundle once it has run a while, and starts again with it in place', async () => {
    if (!existsSync(join(DIST, 'server-main.js'))) throw new Error('extension/dist/server-main.js is missing: run npm run build first');
    const folder = copyServer();
    expect(await initialize(folder, 3_500)).toContain('"name":"flywheel"');
    expect(cacheFiles(folder)).toEqual([expect.stringMatching(/^server-main\.[0-9a-f]{16}\.v\d+\.\d+\.\d+-\w+\.cache$/)]);
    expect(await initialize(folder, 0)).toContain('"name":"flywheel"');
  }, 20_000);

  it('still starts when the cache is damaged', async () => {
    const folder = copyServer();
    await initialize(folder, 3_500);
    const [cache] = cacheFiles(folder);
    writeFileSync(join(folder, cache as string), 'not a V8 code cache');
    expect(await initialize(folder, 0)).toContain('"name":"flywheel"');
  }, 20_000);
});
