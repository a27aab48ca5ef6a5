import { compilePlan, compileSourceJobs, folderFileProvider, type FileProvider, type Lang, type Plan, type PublishJob, type WorkspaceModel } from '../../core/index';
import { collectDefinitions } from '../../functions/engine/definitions';
import type { EngineEvent } from '../../functions/engine/events';
import type { FlywheelStore } from '../../functions/store/index';
import { PullRunner, pullSource, type CredentialFailedEvent, type SourceResult } from '../../functions/pull/index';
import { resolveLocalSecret, secretVariableName } from '../../functions/secrets/local-secrets';
import { openLocalStore } from '../local-store';
import { paint, type CliIo } from '../output';
import { usageError } from '../usage';
import { loadValidWorkspace, parseWorkspaceArgs } from './shared';

const HELP = `Usage: flywheel pull [dir=playbooks] [--source <id>] [--format text|json] [--lang en|zh-CN]

Pulls every metric source of the workspace (spec.sources) now into the local store (.flywheel/
beside dir), or only --source <id>: a channel's data API (wechat-oa, mastodon) with the channel's
credentials, or an http-json feed. The first pull reaches back \`backfill\` (default 7d); WeChat's
daily data then continues from the last day stored, so a second pull adds nothing new. Credentials
come from the environment (secret:NAME from FLYWHEEL_SECRET_<NAME>); a source without them here is
skipped with the reason. JSON: {"sources":[{"id","status":"ok"|"failed"|"skipped","points","new","message"?}]}.
Exit status: 0 when no source failed, 1 when one did, 2 usage error.

用法: flywheel pull [目录=playbooks] [--source <id>] [--format text|json]
立即拉取工作区的全部数据源（或 --source 指定的一个）到本地存储。首次拉取回溯 backfill（默认 7d），
之后从已存的最后一天继续，重复拉取不会新增数据。本地未配置凭据的数据源会被跳过并说明原因。
退出码：无失败为 0，有失败为 1，用法错误为 2。
`;

const STATUS_TEXT = {
  ok: { en: 'ok', zh: '成功' },
  failed: { en: 'failed', zh: '失败' },
  skipped: { en: 'skipped', zh: '已跳过' },
} as const;

/** Resolves a credential reference from the environment, or says which variable to set. */
async function resolveFromEnvironment(reference: string): Promise<string> {
  const value = resolveLocalSecret(reference);
  if (value !== undefined) return value;
  const variable = reference.startsWith('secret:') ? secretVariableName(reference.slice('secret:'.length)) : reference.slice('env:'.length);
  throw new Error(`set the environment variable ${variable} (请设置环境变量 ${variable})`);
}

/** One line of text output for a source. */
function describeResult(io: CliIo, result: SourceResult, zh: boolean): string {
  const colour = result.status === 'ok' ? 'green' : result.status === 'failed' ? 'red' : 'yellow';
  const status = paint(io, colour, zh ? STATUS_TEXT[result.status].zh : STATUS_TEXT[result.status].en);
  const counts = result.status === 'skipped' ? '' : zh ? `  ${result.points} 个数据点，新增 ${result.new} 个` : `  ${result.points} point(s), ${result.new} new`;
  const message = zh && result.messageZh ? result.messageZh : result.message;
  return `${result.id}  ${status}${counts}${message ? `\n  ${message}` : ''}\n`;
}

/** What a person reads when a scheduled pull raised credential.failed. */
function describeCredentialFailed(io: CliIo, event: CredentialFailedEvent, zh: boolean): string {
  const what = event.channel ? (zh ? `渠道 ${event.channel}` : `channel ${event.channel}`) : (zh ? `数据源 ${event.source}` : `source ${event.source}`);
  return `${paint(io, 'red', 'credential.failed')}  ${zh ? `${what}的凭据被拒绝：` : `${what}: credentials refused: `}${event.renew}\n`;
}

/**
 * The pulls of a local run (`flywheel run`): each source at start and on its schedule, into the
 * run's store, each result printed; credential.failed printed once per failure.
 */
export function createPullRunner(io: CliIo, model: WorkspaceModel, files: FileProvider, plan: Plan, store: FlywheelStore, lang: Lang): PullRunner {
  const zh = lang === 'zh-CN';
  const publishJobs = plan.jobs.filter((job): job is PublishJob => job.kind === 'publish');
  const deps = { resolveSecret: resolveFromEnvironment, tokens: new Map(), rateLimiters: new Map() };
  return new PullRunner({
    jobs: compileSourceJobs(model), sources: model.workspaces[0]?.value.spec.sources ?? [], channels: model.workspaces[0]?.value.spec.channels ?? [],
    store, definitions: collectDefinitions(model),
    context: (now) => ({ model, files, publishJobs, store, deps, now }),
    log: (result, event) => io.out(`${zh ? '拉取' : 'pull'} ${describeResult(io, result, zh)}${event ? describeCredentialFailed(io, event, zh) : ''}`),
  });
}

/**
 * Watches a local run's engine events: a publish that failed on its channel's credentials raises
 * credential.failed through the pull runner (once per failure) and prints it.
 */
export function watchPublishCredentials(io: CliIo, pulls: PullRunner, lang: Lang): (event: EngineEvent) => void {
  return (event) => {
    if (event.type !== 'post.failed') return;
    pulls.publishFailed({ channel: event.channel, reason: event.reason, at: event.at }).then(
      (raised) => raised && io.out(describeCredentialFailed(io, raised, lang === 'zh-CN')),
      (error: unknown) => io.err(`flywheel run: ${error instanceof Error ? error.message : String(error)}\n`),
    );
  };
}

/** `flywheel pull`: every metric source now, into the local store. */
export async function runPull(argv: string[], io: CliIo): Promise<number> {
  const args = parseWorkspaceArgs(io, argv, HELP, { source: { type: 'string' } });
  if (typeof args === 'number') return args;
  const { lang, dir, format } = args;
  const zh = lang === 'zh-CN';
  const only = args.options.source as string | undefined;
  const result = loadValidWorkspace(io, dir, lang);
  if (!result) return 1;
  const sources = result.model.workspaces[0]?.value.spec.sources ?? [];
  if (only !== undefined && !sources.some((source) => source.id === only)) {
    const known = sources.map((source) => source.id).join(', ') || (zh ? '（无）' : '(none)');
    return usageError(io, zh ? `没有 id 为 "${only}" 的数据源；已定义：${known}` : `no source "${only}" in spec.sources; defined: ${known}`, HELP);
  }
  const chosen = sources.filter((source) => only === undefined || source.id === only);
  const files = folderFileProvider(dir);
  const publishJobs = compilePlan(result.model, files).jobs.filter((job): job is PublishJob => job.kind === 'publish');
  const local = await openLocalStore(dir);
  const results: SourceResult[] = [];
  try {
    const deps = { resolveSecret: resolveFromEnvironment, tokens: new Map(), rateLimiters: new Map() };
    for (const source of chosen) {
      results.push(await pullSource({ model: result.model, files, publishJobs, store: local.store, deps, now: Date.now() }, source));
    }
  } finally {
    await local.close();
  }
  if (format === 'json') {
    const sourcesJson = results.map(({ id, status, points, new: fresh, message }) => ({ id, status, points, new: fresh, ...(message === undefined ? {} : { message }) }));
    io.out(`${JSON.stringify({ sources: sourcesJson }, null, 2)}\n`);
  } else if (results.length === 0) {
    io.out(zh ? '工作区没有数据源（spec.sources）。\n' : 'The workspace has no metric sources (spec.sources).\n');
  } else {
    for (const item of results) io.out(describeResult(io, item, zh));
  }
  return results.some((item) => item.status === 'failed') ? 1 : 0;
}
