/*
 * `flywheel metrics import --to <ingest url>`: rows go to a stack's ingest function, signed with
 * SigV4. The Function URL here is a local server that checks each signature with its own
 * implementation of AWS's algorithm, then runs the real ingest handler against dynalite.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { regionOfFunctionUrl, sendToIngest } from '../cli/cloud-ingest';
import { createIngestHandler } from '../functions/lambda/ingest-handler';
import { createLocalClients, createTable, FlywheelStore } from '../functions/store/index';
import { startDynalite, type DynamoDbEngine } from './support/dynamodb-engines';
import { runCli } from './support/run-cli';

const KEY_ID = 'AKIDEXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const REGION = 'ap-east-1';

const hex = (data: string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

/** Checks an AWS SigV4 Authorization header against the request, as the Function URL does; the reason when it does not hold. */
function checkSignature(request: IncomingMessage, body: string): string | undefined {
  const authorization = String(request.headers.authorization ?? '');
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(authorization);
  if (!match) return `malformed Authorization: ${authorization}`;
  const [, keyId, day, region, service, signedHeaders, signature] = match as unknown as string[];
  if (keyId !== KEY_ID || region !== REGION || service !== 'lambda') return `wrong scope ${keyId}/${region}/${service}`;
  const amzDate = String(request.headers['x-amz-date'] ?? '');
  const url = new URL(request.url ?? '/', 'http://local');
  const canonicalHeaders = signedHeaders!.split(';').map((name) => `${name}:${String(request.headers[name] ?? '').trim()}\n`).join('');
  const canonicalQuery = [...url.searchParams].map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).sort().join('&');
  const canonicalRequest = [request.method, url.pathname, canonicalQuery, canonicalHeaders, signedHeaders, hex(body)].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, `${day}/${region}/${service}/aws4_request`, hex(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${SECRET}`, day!), region!), service!), 'aws4_request');
  const expected = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  return expected === signature ? undefined : 'signature mismatch';
}

let engine: DynamoDbEngine;
let store: FlywheelStore;
let server: Server;
let url: string;
const refused: string[] = [];

beforeAll(async () => {
  engine = await startDynalite();
  const { client, documentClient } = createLocalClients(engine.endpoint);
  await createTable(client, 'flywheel-cloud-metrics');
  store = new FlywheelStore({ client: documentClient, tableName: 'flywheel-cloud-metrics' });
  const ingest = createIngestHandler({ logger: new Logger({ logLevel: 'SILENT' }), metrics: new Metrics({ namespace: 'FlywheelTest' }), store });
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const problem = checkSignature(request, body);
      if (problem) {
        refused.push(problem);
        response.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ Message: 'Forbidden' }));
        return;
      }
      const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
      void ingest({ headers, body, isBase64Encoded: false, requestContext: { http: { method: request.method ?? 'POST' } } }).then((result) => {
        response.writeHead(result.statusCode, result.headers).end(result.body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await engine.stop();
});

const saved = { ...process.env };
afterEach(() => {
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  refused.length = 0;
});

function signIn(secret = SECRET): void {
  process.env.AWS_ACCESS_KEY_ID = KEY_ID;
  process.env.AWS_SECRET_ACCESS_KEY = secret;
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
}

function csvFolder(): string {
  const root = mkdtempSync(join(tmpdir(), 'flywheel-cloud-metrics-'));
  writeFileSync(join(root, 'leads.csv'), [
    'time,metric,value,channel',
    '2026-03-01T09:00:00+08:00,leads,10,wechat-main',
    '2026-03-02T09:00:00+08:00,leads,20,wechat-main',
    '2026-03-03T09:00:00+08:00,leads,many,wechat-main',
    '2026-03-04T09:00:00+08:00,leads,5,wechat-main',
  ].join('\n'));
  return root;
}

describe('flywheel metrics import --to', () => {
  it('sends the good rows to the ingest function with a valid SigV4 signature, reports bad rows, and counts a second import once', async () => {
    // Prepare
    signIn();
    const root = csvFolder();
    // Act
    const first = await runCli(['metrics', 'import', 'leads.csv', '--to', url, '--region', REGION, '--lang', 'en'], root);
    const again = await runCli(['metrics', 'import', 'leads.csv', '--to', url, '--region', REGION, '--lang', 'en'], root);
    // Assess
    expect(refused).toEqual([]);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/leads\.csv:4: error .*"many" is not a number/);
    expect(first.stdout).toBe('leads.csv: sent 3 point(s) to the cloud, 3 stored, skipped 1 bad row(s).\n');
    expect(again.code).toBe(1);
    // Stored again, not twice: the store keys a point by its metric, time and dimensions.
    const stored = await store.queryMetricPoints('leads', Date.parse('2026-02-28T00:00:00Z'), Date.parse('2026-03-05T00:00:00Z'));
    expect(stored.map((point) => point.value)).toEqual([10, 20, 5]);
  });

  it('says what permission is missing when the function refuses the signature, and exits 1', async () => {
    signIn('not-the-secret');
    const result = await runCli(['metrics', 'import', 'leads.csv', '--to', url, '--region', REGION], csvFolder());
    expect(refused).toEqual(['signature mismatch']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The ingest function refused the request (403): the signed-in principal needs lambda:InvokeFunctionUrl on it');
  });

  it('keeps --region and --profile for the cloud, and reads the region from a Function URL host', async () => {
    const misuse = await runCli(['metrics', 'import', 'leads.csv', '--region', REGION], csvFolder());
    expect(misuse.code).toBe(2);
    expect(misuse.stderr).toContain('--region and --profile go with --to <ingest url>');
    expect(regionOfFunctionUrl(new URL('https://abcdefghij.lambda-url.ap-southeast-1.on.aws/'))).toBe('ap-southeast-1');
    expect(regionOfFunctionUrl(new URL('https://example.com/'))).toBeUndefined();
  });

  it('reports each point the function refuses (400 by index) and sends the rest of the batch again, so good points are kept', async () => {
    // Prepare: points the CLI's reader would have refused, as a client built on another reader might send them.
    const points = [
      { time: Date.parse('2026-04-01T09:00:00+08:00'), metric: 'leads', value: 1 },
      { time: Date.parse('2026-04-02T09:00:00+08:00'), metric: 'leads', value: 1e308 },
      { time: Date.parse('2026-04-03T09:00:00+08:00'), metric: 'leads', value: 3, channel: 'x'.repeat(300) },
      { time: Date.parse('2026-04-04T09:00:00+08:00'), metric: 'leads', value: 4 },
    ];
    // Act
    const result = await sendToIngest(points, { url, region: REGION, credentials: async () => ({ accessKeyId: KEY_ID, secretAccessKey: SECRET }) });
    // Assess
    expect(refused).toEqual([]);
    expect(result.refused.map((problem) => problem.index)).toEqual([1, 2]);
    expect(result.refused[0]?.message.en).toContain('larger than the store holds exactly');
    expect(result.refused[1]?.message.zh).toContain('最多 256 个');
    expect(result).toMatchObject({ received: 2, written: 2 });
    const stored = await store.queryMetricPoints('leads', Date.parse('2026-03-31T00:00:00Z'), Date.parse('2026-04-05T00:00:00Z'));
    expect(stored.map((point) => point.value)).toEqual([1, 4]);
  });
});
