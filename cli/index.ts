import { processIo, type CliIo } from './output';
import { detectLang } from './lang';
import { usageError } from './usage';

const HELP = `flywheel: playbooks-as-code for new-media operations teams / 新媒体运营剧本即代码

Usage: flywheel <command> [options]

Commands:
  init [dir]       create a new playbooks folder to start from (validates clean)
                   新建剧本目录作为起点 (可直接通过检查)
  validate [dir]   check playbooks (syntax, schema, references, schedules, limits, compliance)
                   检查剧本 (语法、结构、引用、计划、平台限制、合规)
  plan [dir]       compile jobs and show what would be added, changed, removed
                   编译任务, 显示将新增、修改、删除的内容
  simulate [dir] --from <date> --to <date> [--metrics <csv>]
                   run the plan on a virtual clock and print what happens
                   在虚拟时钟上运行计划并输出事件
  run [dir]        run the playbooks locally (state in <dir>/.flywheel/, posts to <dir>/outbox/)
                   在本机运行剧本 (状态在 <目录>/.flywheel/, 内容写入 <目录>/outbox/)
  status [dir]     goals, key results, checks firing, next publishes
                   目标、关键结果、正在触发的检查、接下来的发布
  pull [dir] [--source <id>]
                   pull metric sources (platform data APIs, http-json) into the local store now
                   立即拉取数据源 (平台数据接口、http-json) 到本地存储
  report [dir] [--from <date>] [--to <date>] [--format html|md|json] [--out <file>]
                   the review of a window: goals, checks, posts, A/B tests (HTML to open or print)
                   复盘报告: 目标、检查、已发布内容、A/B 结论 (可直接打开或打印的 HTML)
  pause [dir] [--channels <ids> | --campaigns <ids>] [--by <person>]
                   hold every post due on those channels (default: all) until flywheel resume
                   暂停发布: 这些渠道 (默认全部) 上到期的内容保留不发, 直到 flywheel resume
  resume [dir] [--release]
                   end the pause; list the posts it held, --release sends them now, marked late
                   恢复发布; 列出暂停期间保留的内容, --release 立即补发并标注延迟
  ack <check> [dir] [--by <person>] [--note <text>]
                   acknowledge a firing check: its unlessResolved steps stop, its SOP's targets are told
                   确认处理正在触发的检查: unlessResolved 步骤不再发送, 并通知 SOP 的对象
  metrics import <csv>... [--dir <dir>]
                   import metric rows into the local store (idempotent)
                   导入指标数据到本地存储 (可重复导入)
  metrics export [--dir <dir>] [--metric <id>] [--from <date>] [--to <date>]
                   the local store's points as CSV on stdout
                   把本地存储的数据点以 CSV 输出
  doctor [dir] [--repair]
                   check the local state (.flywheel/); --repair moves damaged state aside and rebuilds
                   检查本地状态 (.flywheel/); --repair 将损坏的状态移到一旁并重建
  deploy [dir] [--yes]
                   show the plan, then deploy to AWS with the CDK (npx cdk deploy)
                   显示计划, 然后用 CDK 部署到 AWS

Run \`flywheel <command> --help\` for a command's options.
`;

type Command = (argv: string[], io: CliIo) => number | Promise<number>;

/**
 * Each command is loaded when it is used: `flywheel validate` must start fast, and need not load
 * the AWS SDK and the local engine that `flywheel run` brings.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  init: async () => (await import('./commands/init')).runInit,
  validate: async () => (await import('./commands/validate')).runValidate,
  plan: async () => (await import('./commands/plan')).runPlan,
  simulate: async () => (await import('./commands/simulate')).runSimulate,
  run: async () => (await import('./commands/run')).runRun,
  status: async () => (await import('./commands/status')).runStatus,
  report: async () => (await import('./commands/report')).runReport,
  metrics: async () => (await import('./commands/metrics')).runMetrics,
  pause: async () => (await import('./commands/pause')).runPause,
  ack: async () => (await import('./commands/ack')).runAck,
  resume: async () => (await import('./commands/pause')).runResume,
  pull: async () => (await import('./commands/pull')).runPull,
  deploy: async () => (await import('./commands/deploy')).runDeploy,
  doctor: async () => (await import('./commands/doctor')).runDoctor,
};

/** A LocalStateError (cli/state-files.ts), recognised without loading that module at start-up. */
function isLocalStateError(error: unknown): error is Error & { messageIn(lang: 'en' | 'zh-CN'): string } {
  return error instanceof Error && error.name === 'LocalStateError' && typeof (error as { messageIn?: unknown }).messageIn === 'function';
}

/** The local store's engine could not load: this is the CLI inside the VS Code extension, without node_modules. */
function isStoreEngineMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && /['"](dynalite|classic-level)['"]/.test(String((error as Error).message));
}

/** Runs the CLI with arguments (without node and script) and returns the exit status. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.out(HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    io.out('flywheel 0.1.0\n');
    return 0;
  }
  const load = COMMANDS[command];
  if (!load) return usageError(io, `unknown command "${command}" / 未知命令`, HELP);
  try {
    const run = await load();
    return await run(rest, io);
  } catch (error) {
    if (isLocalStateError(error)) {
      // Damaged, foreign or busy local state: a message that names the file and the fix, never a stack trace.
      const flag = rest.find((arg, index) => rest[index - 1] === '--lang' || arg.startsWith('--lang='));
      io.err(`flywheel ${command}: ${error.messageIn(detectLang(flag?.replace('--lang=', '')) ?? 'en')}\n`);
      return 1;
    }
    if (isStoreEngineMissing(error)) {
      io.err(`flywheel ${command}: this copy of the CLI has no local store engine (it is the one inside the VS Code extension). Install the CLI for the local store: npm pack in the Flywheel repository, then npm install -g <tarball> (see the README, "Use Flywheel on your own playbooks"), and set flywheel.cliPath or run it in a terminal.\n`
        + `flywheel ${command}：这份命令行（VS Code 扩展内置）不带本地存储引擎。请安装完整的命令行：在 Flywheel 仓库中运行 npm pack，然后 npm install -g <生成的包>（见 README「Use Flywheel on your own playbooks」），再设置 flywheel.cliPath 或在终端中运行。\n`);
      return 1;
    }
    io.err(`flywheel: internal error, please report it / 内部错误, 请报告: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    return 1;
  }
}
