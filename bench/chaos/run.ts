import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { PublishJob } from '../../core/index';
import { createTickHandler } from '../../functions/lambda/tick-handler';
import { FlywheelStore, createLocalClients, createTable, startEmbeddedEngine } from '../../functions/store/index';
import { loadDeploymentBundle, reconcilePlan, writeDeploymentBundle } from '../../functions/sync/index';
import { startLocalEventBridge, startLocalSqs } from '../../test/lambda/support/local-aws';
import { crashPoint, type ChaosOptions } from './options';
import { startChaosPlatform, type PlatformCounters } from './platform-server';
import { postIdentity, reconcile, type Reconciliation } from './reconcile';
import { SimulatedQueue } from './simulated-queue';
import { BATCH_SIZE, WorkerPool, type CrashRecord } from './worker-pool';
import type { Mutation } from './worker';
import { FIRST_POST_AT, writeChaosWorkspace } from './workspace';

const TABLE = 'flywheel-chaos';
const BUS = 'flywheel-chaos-bus';

/** Everything a chaos run measured. */
export interface ChaosReport {
  readonly options: ChaosOptions;
  readonly outcome: Reconciliation;
  readonly platform: PlatformCounters;
  readonly queue: {
    readonly sent: number;
    readonly duplicatesConcurrent: number;
    readonly duplicatesLate: number;
    readonly redeliveries: number;
    readonly failedItems: number;
    readonly invocationErrors: number;
    /** Messages the redrive policy took (received maxReceives times without being deleted). */
    readonly redriven: number;
  };
  /** How the posts of the redriven messages ended, by class: a redrive is no failure unless its post is lost. */
  readonly redrivenOutcomes: Record<string, number>;
  /** The defect injected into the code under test, if any (a run with one must fail). */
  readonly mutation: Mutation | undefined;
  readonly crash: CrashRecord | undefined;
  /** How the posts whose messages were in the killed worker's batches ended, by class. */
  readonly crashOutcomes: Record<string, number>;
  readonly restartError: string | undefined;
  readonly workerStarts: number;
  readonly seconds: { readonly setup: number; readonly publish: number; readonly reconcile: number; readonly total: number };
  /** How often the workers logged each message (Powertools JSON lines), e.g. 'Publish done'. */
  readonly workerLog: Record<string, number>;
}

/** Counts the workers' log lines by message; lines that are not JSON (a stack trace on stderr) count as 'other output'. */
function summariseLogs(folder: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.log'))) {
    for (const line of readFileSync(join(folder, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      let message = 'other output';
      try {
        message = String((JSON.parse(line) as { message?: unknown }).message);
      } catch {
        // Not a log line.
      }
      counts[message] = (counts[message] ?? 0) + 1;
    }
  }
  return counts;
}

/** How the posts of these queue message bodies ended, by class. */
function outcomesOf(bodies: readonly string[], outcome: Reconciliation): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const body of new Set(bodies)) {
    const jobId = (JSON.parse(body) as { payload?: { jobId?: string } }).payload?.jobId ?? '';
    const outcomeClass = outcome.classOf.get(jobId) ?? 'not a post';
    counts[outcomeClass] = (counts[outcomeClass] ?? 0) + 1;
  }
  return counts;
}

/**
 * True when the run met its bar, which depends on what happened to the posts only: none
 * duplicated (every acceptance counted, under any key), none lost, none whose records disagree,
 * no acceptance of something that is no post, every failure alerted, every request signed. How
 * the queue got there (redeliveries, items failed back, a message redriven while its post was
 * settled by another delivery) is reported, not judged: it depends on the machine's speed.
 */
export function passed(report: ChaosReport): boolean {
  const { outcome } = report;
  return outcome.duplicates === 0 && outcome.lost === 0 && outcome.unaccounted === 0 && outcome.acceptances.unmatched === 0
    && report.platform.badSignatures === 0 && report.restartError === undefined && outcome.alerts >= outcome.deadLettered + outcome.unconfirmed;
}

/** A fraction in [0, 1) for `label`, from the seed: which messages are duplicated is the same every run. */
function seeded(seed: number, label: string): number {
  return createHash('sha256').update(`${seed}:${label}`).digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * Runs `posts` scheduled posts through the publish path under faults: sync writes the plan, the
 * real tick sends the due posts to a simulated SQS queue (duplicating some deliveries), worker
 * processes running the real publish handler consume it against the chaos platform, every
 * worker is killed with SIGKILL mid-run (while a request is on the platform) and restarted, and
 * the end state is reconciled.
 */
export async function runChaos(options: ChaosOptions, log: (line: string) => void = () => undefined, inject: { readonly mutation?: Mutation } = {}): Promise<ChaosReport> {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const started = performance.now();
  const folder = mkdtempSync(join(tmpdir(), 'flywheel-chaos-'));
  const secrets = new Map<string, string>();
  const postIds = new Map<string, string>();
  let pool: WorkerPool | undefined;
  // The crash: the first request to reach the platform once enough messages were handled is frozen while every worker is killed.
  const platform = await startChaosPlatform(options, (channel) => secrets.get(channel), (post) => (pool?.crashDue ? pool.crashNow(post) : undefined),
    (body) => (body !== null && typeof body === 'object' ? postIds.get(postIdentity(body)) : undefined));
  const [bus, sqs, engine] = await Promise.all([startLocalEventBridge(), startLocalSqs(), startEmbeddedEngine()]);
  const { client, documentClient } = createLocalClients(engine.endpoint);
  const queue = new SimulatedQueue(options.visibilityMs, options.maxReceives);
  try {
    const workspace = writeChaosWorkspace(folder, options, platform.url);
    for (const [channel, secret] of workspace.secrets) secrets.set(channel, secret);
    const bundleFile = join(folder, 'flywheel-bundle.json');
    writeDeploymentBundle(workspace.playbooksDir, bundleFile);
    const bundle = loadDeploymentBundle(bundleFile);
    const jobs = bundle.plan.jobs.filter((job): job is PublishJob => job.kind === 'publish');
    for (const job of jobs) postIds.set(postIdentity({ ...job, scheduledAt: job.at }), job.id);
    await createTable(client, TABLE);
    const store = new FlywheelStore({ client: documentClient, tableName: TABLE });
    await reconcilePlan(store, bundle.plan, { now: FIRST_POST_AT - 3_600_000 });
    const deadLetterQueueUrl = sqs.queueUrl('flywheel-chaos-publish-dlq');
    pool = new WorkerPool(queue, {
      bundleFile, dynamoEndpoint: engine.endpoint, tableName: TABLE, eventBridgeEndpoint: bus.endpoint, busName: BUS, sqsEndpoint: sqs.endpoint,
      deadLetterQueueUrl, abandonedMs: options.abandonedMs, timeoutMs: options.timeoutMs, ...(inject.mutation ? { mutation: inject.mutation } : {}),
    }, folder, { workers: options.workers, concurrency: options.concurrency, crashAfter: crashPoint(options), restartMs: options.restartMs });
    await pool.start();
    const setupDone = performance.now();
    log(`setup: ${jobs.length} publish jobs, ${workspace.channels.length} channels, ${((setupDone - started) / 1000).toFixed(1)} s`);

    let clock = FIRST_POST_AT;
    const duplicates = { concurrent: 0, late: 0 };
    const tick = createTickHandler({
      logger: new Logger({ serviceName: 'flywheel-chaos', logLevel: 'SILENT' }), metrics: new Metrics({ namespace: 'FlywheelChaos' }),
      store, bundle, now: () => clock,
      dispatch: async (_queue, messages) => {
        // The tick's batch, with duplicate deliveries: half a few messages later (another poller takes them
        // at the same time), half after a pause (a redelivery once the first is done).
        const deliveries: Array<{ body: string; messageId: string; delayMs?: number }> = messages.map((message) => ({ body: message.body, messageId: message.id }));
        for (const message of messages) {
          const chance = seeded(options.seed, `duplicate:${message.id}`);
          if (chance >= options.duplicateShare) continue;
          if (chance < options.duplicateShare / 2) {
            duplicates.concurrent += 1;
            const at = deliveries.findIndex((delivery) => delivery.messageId === message.id);
            deliveries.splice(Math.min(deliveries.length, at + BATCH_SIZE + Math.floor(seeded(options.seed, `offset:${message.id}`) * BATCH_SIZE)), 0, { body: message.body, messageId: message.id });
          } else {
            duplicates.late += 1;
            deliveries.push({ body: message.body, messageId: message.id, delayMs: 200 + Math.floor(seeded(options.seed, `delay:${message.id}`) * 3_000) });
          }
        }
        for (const delivery of deliveries) queue.send(delivery.body, { messageId: delivery.messageId, ...(delivery.delayMs ? { delayMs: delivery.delayMs } : {}) });
        return { sent: messages.map((message) => message.id), failed: [] };
      },
    });
    let ticking = true;
    const ticks = (async () => {
      try {
        // One tick per scheduled minute; the next waits while the queue holds a backlog, so posts stream in.
        for (let minute = 0; minute <= options.minutes; minute += 1) {
          clock = FIRST_POST_AT + minute * 60_000 + 30_000;
          await tick({ scheduledTime: new Date(clock).toISOString() });
          while (queue.visible > options.workers * options.concurrency * BATCH_SIZE * 4) await new Promise((resolve) => setTimeout(resolve, 20));
        }
      } finally {
        ticking = false;
      }
    })();
    let lastReport = 0;
    await pool.run(() => {
      if (performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        log(`  ${pool?.handled ?? 0} messages handled, ${platform.counters.acceptances} accepted, ${queue.visible} waiting`);
      }
      return !ticking && queue.drained;
    });
    await ticks;
    await pool.stop();
    const publishDone = performance.now();
    log(`publish: ${((publishDone - setupDone) / 1000).toFixed(1)} s; reconciling`);

    const outcome = await reconcile({
      options, jobs, store, acceptances: platform.acceptances, deadLetterBodies: sqs.messages('flywheel-chaos-publish-dlq').map((message) => message.body), busEvents: bus.accepted,
    });
    const end = performance.now();
    return {
      options, outcome, platform: { ...platform.counters },
      queue: {
        sent: queue.sent, duplicatesConcurrent: duplicates.concurrent, duplicatesLate: duplicates.late, redeliveries: queue.redeliveries,
        failedItems: pool.failedItems, invocationErrors: pool.invocationErrors, redriven: queue.redriven.length,
      },
      redrivenOutcomes: outcomesOf(queue.redriven.map((message) => message.body), outcome), mutation: inject.mutation,
      crash: pool.crash, crashOutcomes: outcomesOf(pool.crash?.bodies ?? [], outcome), restartError: pool.restartError, workerStarts: pool.workerStarts,
      seconds: { setup: (setupDone - started) / 1000, publish: (publishDone - setupDone) / 1000, reconcile: (end - publishDone) / 1000, total: (end - started) / 1000 },
      workerLog: summariseLogs(folder),
    };
  } finally {
    queue.close();
    await pool?.stop();
    client.destroy();
    await Promise.all([platform.stop(), bus.stop(), sqs.stop(), engine.stop()]);
    if (process.env.CHAOS_KEEP !== '1') rmSync(folder, { recursive: true, force: true });
  }
}
