import { createHash, randomUUID } from 'node:crypto';
import { startAwsJsonServer, type AwsJsonServer } from './aws-json-server';

/** An event EventBridge accepted, as a rule would see it. */
export interface AcceptedEvent {
  readonly source: string;
  readonly detailType: string;
  readonly detail: Record<string, unknown>;
  readonly busName: string;
  readonly time?: number;
}

/** Decides an entry's fate per call: undefined accepts it, a code rejects it (e.g. 'InternalFailure'). */
export type EntryFault = (entry: { DetailType?: string; Detail?: string }, call: number) => string | undefined;

/** A local EventBridge speaking the PutEvents JSON protocol, partial failures included. */
export interface LocalEventBridge extends AwsJsonServer {
  readonly accepted: AcceptedEvent[];
  /** Change which entries fail from now on. */
  setFault(fault: EntryFault | undefined): void;
}

/** Starts a local EventBridge. PutEvents checks the documented limits: 1-10 entries, Source, DetailType, Detail JSON. */
export async function startLocalEventBridge(fault?: EntryFault): Promise<LocalEventBridge> {
  const accepted: AcceptedEvent[] = [];
  let currentFault = fault;
  let calls = 0;
  const server = await startAwsJsonServer({
    'AWSEvents.PutEvents': (input) => {
      calls += 1;
      const entries = (input.Entries ?? []) as Array<{ Source?: string; DetailType?: string; Detail?: string; EventBusName?: string; Time?: number }>;
      if (entries.length < 1 || entries.length > 10) {
        return { error: { type: 'ValidationException', message: `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and 10 (got ${entries.length})` } };
      }
      let failed = 0;
      const results = entries.map((entry) => {
        if (!entry.Source || !entry.DetailType || !entry.Detail) {
          failed += 1;
          return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter(s) Source, DetailType or Detail is missing.' };
        }
        let detail: Record<string, unknown>;
        try {
          detail = JSON.parse(entry.Detail) as Record<string, unknown>;
        } catch {
          failed += 1;
          return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
        }
        const code = currentFault?.(entry, calls);
        if (code) {
          failed += 1;
          return { ErrorCode: code, ErrorMessage: `${code} (local fault)` };
        }
        accepted.push({ source: entry.Source, detailType: entry.DetailType, detail, busName: entry.EventBusName ?? 'default', ...(entry.Time === undefined ? {} : { time: entry.Time * 1000 }) });
        return { EventId: randomUUID() };
      });
      return { body: { FailedEntryCount: failed, Entries: results } };
    },
  });
  return Object.assign(server, { accepted, setFault: (next: EntryFault | undefined) => { currentFault = next; } });
}

/** A message a local queue holds. */
export interface QueuedMessage {
  readonly messageId: string;
  readonly body: string;
  readonly attributes?: Record<string, unknown>;
}

/** A local SQS speaking the JSON protocol for SendMessage and SendMessageBatch. */
export interface LocalSqs extends AwsJsonServer {
  /** Messages by queue URL, in the order sent. */
  readonly queues: Map<string, QueuedMessage[]>;
  queueUrl(name: string): string;
  messages(name: string): QueuedMessage[];
}

function md5(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/** Starts a local SQS; a queue exists once its URL is asked for (queueUrl). Unknown queues answer QueueDoesNotExist. */
export async function startLocalSqs(): Promise<LocalSqs> {
  const queues = new Map<string, QueuedMessage[]>();
  const lookup = (url: unknown): QueuedMessage[] | undefined => queues.get(String(url));
  const missing = { error: { type: 'AWS.SimpleQueueService.NonExistentQueue', message: 'The specified queue does not exist.' } };
  const server = await startAwsJsonServer({
    'AmazonSQS.SendMessage': (input) => {
      const queue = lookup(input.QueueUrl);
      if (!queue) return missing;
      const body = String(input.MessageBody ?? '');
      if (body === '') return { error: { type: 'InvalidParameterValue', message: 'The message body must be non-empty.' } };
      const message = { messageId: randomUUID(), body, ...(input.MessageAttributes ? { attributes: input.MessageAttributes as Record<string, unknown> } : {}) };
      queue.push(message);
      return { body: { MessageId: message.messageId, MD5OfMessageBody: md5(body) } };
    },
    'AmazonSQS.SendMessageBatch': (input) => {
      const queue = lookup(input.QueueUrl);
      if (!queue) return missing;
      const entries = (input.Entries ?? []) as Array<{ Id: string; MessageBody: string }>;
      if (entries.length < 1 || entries.length > 10) return { error: { type: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest', message: 'Maximum number of entries per request are 10.' } };
      if (new Set(entries.map((entry) => entry.Id)).size !== entries.length) return { error: { type: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct', message: 'Two or more batch entries have the same Id.' } };
      const successful: unknown[] = [];
      const failed: unknown[] = [];
      for (const entry of entries) {
        // SQS judges each entry on its own: a bad one fails alone, the others are sent.
        if (!entry.MessageBody) {
          failed.push({ Id: entry.Id, Code: 'InvalidParameterValue', SenderFault: true, Message: 'The message body must be non-empty.' });
          continue;
        }
        const message = { messageId: randomUUID(), body: entry.MessageBody };
        queue.push(message);
        successful.push({ Id: entry.Id, MessageId: message.messageId, MD5OfMessageBody: md5(entry.MessageBody) });
      }
      return { body: { Successful: successful, Failed: failed } };
    },
  });
  const queueUrl = (name: string) => {
    const url = `${server.endpoint}/000000000000/${name}`;
    if (!queues.has(url)) queues.set(url, []);
    return url;
  };
  return Object.assign(server, { queues, queueUrl, messages: (name: string) => queues.get(queueUrl(name)) ?? [] });
}

/** A local Secrets Manager speaking the JSON protocol for GetSecretValue. */
export interface LocalSecretsManager extends AwsJsonServer {
  /** How many times each secret id was fetched. */
  readonly fetches: Map<string, number>;
}

/** Starts a local Secrets Manager holding `secrets` (id → SecretString). */
export async function startLocalSecretsManager(secrets: Record<string, string>): Promise<LocalSecretsManager> {
  const fetches = new Map<string, number>();
  const server = await startAwsJsonServer({
    'secretsmanager.GetSecretValue': (input) => {
      const id = String(input.SecretId ?? '');
      fetches.set(id, (fetches.get(id) ?? 0) + 1);
      const value = secrets[id];
      if (value === undefined) return { error: { type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." } };
      return { body: { ARN: `arn:aws:secretsmanager:us-east-1:000000000000:secret:${id}-AbCdEf`, Name: id, SecretString: value, VersionId: 'v1', VersionStages: ['AWSCURRENT'], CreatedDate: 1_700_000_000 } };
    },
  });
  return Object.assign(server, { fetches });
}
