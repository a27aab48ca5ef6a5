import * as z from 'zod/mini';
import { useEnglishMessages } from './zod-messages';

const Name = z.string().check(z.trim(), z.minLength(1));
const QueueUrl = z.url({ protocol: /^https?$/ });

const Table = { FLYWHEEL_TABLE: Name };
const Bundle = { FLYWHEEL_BUNDLE_FILE: Name };
const Bus = { FLYWHEEL_BUS: Name };
// FLYWHEEL_SECRET_NAMES: the only secrets the function may resolve; absent means none.
const SecretPrefix = { FLYWHEEL_SECRET_PREFIX: z._default(z.string(), ''), FLYWHEEL_SECRET_NAMES: z._default(z.string(), '') };

/** The variables each handler reads (functions/lambda/README.md lists them with their meaning). */
export const HandlerEnvSchemas = {
  tick: z.object({
    ...Table, ...Bundle,
    FLYWHEEL_PUBLISH_QUEUE_URL: QueueUrl, FLYWHEEL_CHECK_QUEUE_URL: QueueUrl, FLYWHEEL_TRACK_QUEUE_URL: QueueUrl, FLYWHEEL_SOP_QUEUE_URL: QueueUrl,
  }),
  publish: z.object({ ...Table, ...Bundle, ...Bus, ...SecretPrefix, FLYWHEEL_DLQ_URL: QueueUrl }),
  check: z.object({ ...Table, ...Bundle, ...Bus }),
  track: z.object({ ...Table, ...Bundle, ...Bus }),
  sop: z.object({ ...Table, ...Bundle, ...Bus }),
  notify: z.object({ ...Bundle, ...SecretPrefix, FLYWHEEL_IDEMPOTENCY_TABLE: Name }),
  sync: z.object({ ...Table, ...Bundle }),
  ingest: z.object({ ...Table }),
} as const;

export type HandlerName = keyof typeof HandlerEnvSchemas;
export type HandlerEnv<N extends HandlerName> = z.infer<(typeof HandlerEnvSchemas)[N]>;

/** A handler's environment is missing a variable or holds a malformed one. */
export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
  constructor(readonly handler: string, readonly variables: readonly string[], message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * Reads and checks the variables of one handler. Called at module scope, so a deployment that
 * forgot one fails at cold start with the variable's name instead of at the first event.
 */
export function readHandlerEnv<N extends HandlerName>(handler: N, env: NodeJS.ProcessEnv = process.env): HandlerEnv<N> {
  useEnglishMessages();
  const schema = HandlerEnvSchemas[handler];
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data as HandlerEnv<N>;
  const problems = parsed.error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? '?');
    const value = env[variable];
    return { variable, text: value === undefined || value.trim() === '' ? `${variable} is not set` : `${variable} is malformed (${issue.message})` };
  });
  const variables = [...new Set(problems.map((problem) => problem.variable))];
  return failWith(handler, variables, problems.map((problem) => problem.text));
}

function failWith(handler: string, variables: string[], texts: string[]): never {
  throw new EnvironmentError(
    handler,
    variables,
    `The ${handler} function cannot start: ${texts.join('; ')}. Set ${variables.join(', ')} in the function's environment ` +
      `(functions/lambda/README.md lists each handler's variables). / ${handler} 函数无法启动: 缺少或错误的环境变量 ${variables.join(', ')}。`,
  );
}
