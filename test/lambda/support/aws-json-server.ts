import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the server received: the operation (from X-Amz-Target) and its JSON input. */
export interface ReceivedCall {
  readonly target: string;
  readonly input: Record<string, unknown>;
  readonly headers: IncomingHttpHeaders;
}

/** An operation's answer: a JSON body (200) or an AWS JSON-protocol error. */
export type OperationAnswer =
  | { readonly body: unknown }
  | { readonly error: { readonly type: string; readonly message: string; readonly status?: number } };

/** Answers one operation; `call` is what came in. */
export type OperationHandler = (input: Record<string, unknown>, call: ReceivedCall) => OperationAnswer | Promise<OperationAnswer>;

/** A local server speaking the AWS JSON protocols (awsJson1_0/1_1): operation in X-Amz-Target, JSON in and out. */
export interface AwsJsonServer {
  /** http://127.0.0.1:PORT, for the SDK client's `endpoint`. */
  readonly endpoint: string;
  /** Every call received, in order. */
  readonly calls: ReceivedCall[];
  stop(): Promise<void>;
}

/**
 * Starts a local server for an AWS service that uses the JSON protocol (EventBridge, Secrets
 * Manager, SQS). `operations` maps the X-Amz-Target (e.g. `AWSEvents.PutEvents`) to a handler;
 * an unknown target answers `UnknownOperationException`, as AWS does.
 */
export async function startAwsJsonServer(operations: Record<string, OperationHandler>): Promise<AwsJsonServer> {
  const calls: ReceivedCall[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        const target = String(request.headers['x-amz-target'] ?? '');
        const contentType = String(request.headers['content-type'] ?? 'application/x-amz-json-1.1');
        let input: Record<string, unknown> = {};
        try {
          const text = Buffer.concat(chunks).toString('utf8');
          input = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
        } catch {
          respond(response, contentType, 400, { __type: 'SerializationException', message: 'Body is not JSON.' });
          return;
        }
        const call = { target, input, headers: request.headers };
        calls.push(call);
        const operation = operations[target];
        if (!operation) {
          respond(response, contentType, 400, { __type: 'UnknownOperationException', message: `Unknown operation ${target}` });
          return;
        }
        try {
          const answer = await operation(input, call);
          if ('error' in answer) respond(response, contentType, answer.error.status ?? 400, { __type: answer.error.type, message: answer.error.message });
          else respond(response, contentType, 200, answer.body);
        } catch (error) {
          respond(response, contentType, 500, { __type: 'InternalFailure', message: error instanceof Error ? error.message : String(error) });
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function respond(response: import('node:http').ServerResponse, contentType: string, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': contentType, 'content-length': String(Buffer.byteLength(text)) };
  // The SQS JSON protocol reads the error type from this header as well as from __type.
  if (status >= 400 && body && typeof body === 'object' && '__type' in body) headers['x-amzn-query-error'] = `${String((body as { __type: string }).__type)};Sender`;
  response.writeHead(status, headers);
  response.end(text);
}

/** Dummy credentials and region for SDK clients pointed at a local server: no real account is ever used. */
export const LOCAL_AWS = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } as const;
