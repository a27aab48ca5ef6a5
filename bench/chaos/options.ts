import { parseArgs } from 'node:util';

/** What one chaos run does; every count and timing is a flag so a test can run it small and fast. */
export interface ChaosOptions {
  /** Scheduled posts (publish jobs), one channel each. */
  readonly posts: number;
  /** Webhook channels the posts are spread over (all on one local chaos platform server). */
  readonly channels: number;
  /** Scheduled minutes the posts are spread over (one tick per minute). */
  readonly minutes: number;
  /** Share of queue messages delivered twice. */
  readonly duplicateShare: number;
  /** Share of posts whose first requests get passing faults (429, 500/503, connection reset). */
  readonly transientShare: number;
  /** Share of posts the platform rejects for good (400). */
  readonly permanentShare: number;
  /** Share of posts the platform accepts without the client learning it (socket destroyed, or no answer). */
  readonly unknownShare: number;
  /** Share of posts in a review-required campaign without approval: blocked before any request. */
  readonly blockedShare: number;
  /** Within transient faults: the share that are connection resets (the rest split between 429 and 5xx). */
  readonly resetShare: number;
  /** Retry-After (seconds) the platform sends on a 429 to one in four; the others get Retry-After: 0. */
  readonly retryAfterSeconds: number;
  /** Worker processes (each a publish Lambda container) and concurrent batches per worker. */
  readonly workers: number;
  readonly concurrency: number;
  /**
   * SQS visibility timeout and redrive policy of the simulated publish queue. As in production
   * (abandoned claim 300 s + function timeout 60 s within 360 s × 2 redeliveries), a claim left by
   * a dead attempt must count as abandoned before the message's last receive: abandonedMs plus the
   * time a batch takes to reach the claim must stay below visibilityMs × (maxReceives − 1).
   */
  readonly visibilityMs: number;
  readonly maxReceives: number;
  /** The publish handler's abandonedClaimMs (production: 5 min against a 6 min visibility timeout and 3 receives). */
  readonly abandonedMs: number;
  /** The connector's per-request timeout. */
  readonly timeoutMs: number;
  /** SIGKILL every worker at the first platform request after this many messages were handled (0: no crash, -1: 40 % of the posts); they restart after restartMs. */
  readonly crashAfter: number;
  readonly restartMs: number;
  /** Seeds every fault decision (the same seed gives the same faults per post). */
  readonly seed: number;
}

export const DEFAULT_OPTIONS: ChaosOptions = {
  posts: 10_000, channels: 8, minutes: 50, duplicateShare: 0.1, transientShare: 0.2, permanentShare: 0.01, unknownShare: 0.005, blockedShare: 0.002,
  resetShare: 0.2, retryAfterSeconds: 1, workers: 2, concurrency: 4, visibilityMs: 10_000, maxReceives: 3, abandonedMs: 10_000, timeoutMs: 1_000,
  crashAfter: -1, restartMs: 500, seed: 20261126,
};

/** crashAfter -1 means "at 40 % of the posts". */
export function crashPoint(options: ChaosOptions): number {
  return options.crashAfter < 0 ? Math.floor(options.posts * 0.4) : options.crashAfter;
}

const FLAGS: Record<keyof ChaosOptions, string> = {
  posts: 'posts', channels: 'channels', minutes: 'minutes', duplicateShare: 'duplicates', transientShare: 'transient', permanentShare: 'permanent',
  unknownShare: 'unknown', blockedShare: 'blocked', resetShare: 'resets', retryAfterSeconds: 'retry-after', workers: 'workers', concurrency: 'concurrency',
  visibilityMs: 'visibility-ms', maxReceives: 'max-receives', abandonedMs: 'abandoned-ms', timeoutMs: 'timeout-ms', crashAfter: 'crash-after',
  restartMs: 'restart-ms', seed: 'seed',
};

export const USAGE = `Usage: npm run chaos -- [flags]   (用法)
${(Object.keys(FLAGS) as Array<keyof ChaosOptions>).map((key) => `  --${FLAGS[key]} <number>  (default ${DEFAULT_OPTIONS[key]})`).join('\n')}
Shares are fractions (0.1 = 10 %). --crash-after 0 runs without the worker crash; -1 crashes at 40 % of the posts.`;

/** Reads the flags; throws with the usage when one is unknown or not a number. */
export function parseChaosArgs(args: readonly string[]): ChaosOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...args], strict: true, allowPositionals: false,
      options: { ...Object.fromEntries(Object.values(FLAGS).map((flag) => [flag, { type: 'string' as const }])), help: { type: 'boolean' as const } },
    }));
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)} (参数无效)\n${USAGE}`);
  }
  if (values.help) throw new Error(USAGE);
  const options: Record<string, number> = { ...DEFAULT_OPTIONS };
  for (const [key, flag] of Object.entries(FLAGS)) {
    const raw = values[flag];
    if (raw === undefined) continue;
    const value = Number(raw);
    if (typeof raw !== 'string' || !Number.isFinite(value)) throw new Error(`--${flag} must be a number, not ${String(raw)} (--${flag} 须为数字)\n${USAGE}`);
    options[key] = value;
  }
  return checkOptions(options as unknown as ChaosOptions);
}

/** Rejects option sets the harness cannot run meaningfully. */
export function checkOptions(options: ChaosOptions): ChaosOptions {
  const shares = options.transientShare + options.permanentShare + options.unknownShare + options.blockedShare;
  if (!(options.posts >= 1) || !Number.isInteger(options.posts)) throw new Error(`--posts must be a whole number of at least 1 (--posts 须为正整数)`);
  if (shares > 1) throw new Error(`The fault shares add up to ${shares}, above 1 (故障比例之和超过 1)`);
  if (options.workers < 1 || options.concurrency < 1 || options.channels < 1 || options.minutes < 1) throw new Error('--workers, --concurrency, --channels and --minutes must be at least 1 (须至少为 1)');
  if (options.maxReceives < 2) throw new Error('--max-receives must be at least 2, or a crashed batch could never be redelivered (须至少为 2)');
  if (options.abandonedMs >= options.visibilityMs * (options.maxReceives - 1)) {
    throw new Error(`--abandoned-ms (${options.abandonedMs}) must be below --visibility-ms × (--max-receives − 1) (${options.visibilityMs * (options.maxReceives - 1)}): otherwise a crashed post's messages are redriven before its claim counts as abandoned (放弃认领的时限须短于最后一次重投之前的时间)`);
  }
  return options;
}
