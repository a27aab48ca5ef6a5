import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { compilePlan, diffPlan, folderFileProvider, type Job, type Lang } from '../../core/index';
import { listSecretReferences } from '../../functions/secrets/destinations';
import { DEFAULT_SECRET_PREFIX, checkSecretPrefix, findUndeployableReferences } from '../../infra/secret-references';
import { stateFolder } from '../deployed-state';
import { readJsonState, writeStateFile } from '../state-files';
import { paint, type CliIo } from '../output';
import { printSecretDestinations, recordSecrets, type DeployedSecret } from './deploy-secrets';
import { planWords, printPlanChanges } from './plan';
import { loadValidWorkspace, parseWorkspaceArgs } from './shared';

const HELP = `Usage: flywheel deploy [dir=playbooks] [--yes] [--alarm-email <address>] [--secret-prefix <prefix>] [--lang en|zh-CN] [-- <cdk options>]

Shows the plan (what the deploy will schedule, change or remove, compared with the plan last
deployed to AWS from this folder), asks for confirmation, then runs
\`npx cdk deploy -c playbooks=<dir>\` in the foreground. Needs AWS credentials and a bootstrapped
account (README.md, "Deploying to AWS"). Options after -- go to cdk (e.g. -- --profile ops).
  --yes                  skip both confirmations (this one and cdk's security-change prompt)
  --alarm-email <addr>   send alarms to this address (it must confirm the subscription)
  --secret-prefix <p>    the playbooks may name only secrets starting with this (default flywheel/)
The plan lists each credential with the host it is sent to, and marks a host that changed since
the last deploy from here.
Exit status: 0 deployed, 1 failed or cancelled, 2 usage error.

用法: flywheel deploy [目录=playbooks] [--yes] [--alarm-email <地址>] [--secret-prefix <前缀>] [--lang en|zh-CN] [-- <cdk 参数>]
先显示计划 (与上次从本目录部署到 AWS 的计划比较), 确认后在前台运行 npx cdk deploy -c playbooks=<目录>。
计划列出每个凭据及其发往的主机，并标出与上次部署相比变更的主机；剧本只能引用以 --secret-prefix（默认 flywheel/）开头的密钥。
需要 AWS 凭据和已 bootstrap 的账号 (见 README.md "Deploying to AWS")。--yes 跳过确认。
退出码: 0 已部署, 1 失败或取消, 2 用法错误。
`;

/** What `flywheel deploy` needs from the outside world; tests replace the command and the prompt. */
export interface DeployDeps {
  /** The program and leading arguments that run the CDK CLI. @default ['npx', 'cdk'] */
  readonly cdkCommand: readonly string[];
  /** Asks a yes/no question; resolves false when nobody can answer. */
  confirm(question: string): Promise<boolean>;
  /** Runs a command in the foreground with the terminal's stdio; resolves with its exit status. */
  run(command: string, args: readonly string[], cwd: string): Promise<number>;
  /** The clock, for dropping past one-time jobs from the comparison. */
  now(): number;
}

/** Asks on the terminal; without one (CI, a pipe) nobody can answer, so the answer is no. */
async function confirmOnTerminal(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^(y|yes|是)$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}

function runInForeground(command: string, args: readonly string[], cwd: string): Promise<number> {
  return new Promise((resolvePromise) => {
    // No shell: the folder name is an argument, never part of a command line to parse.
    const child = spawn(command, args, { cwd, stdio: 'inherit', shell: false });
    child.on('error', (error) => {
      process.stderr.write(`flywheel: cannot start ${command}: ${error.message}\n`);
      resolvePromise(127);
    });
    child.on('close', (code, signal) => resolvePromise(code ?? (signal ? 128 : 1)));
  });
}

const DEFAULT_DEPS: DeployDeps = { cdkCommand: ['npx', 'cdk'], confirm: confirmOnTerminal, run: runInForeground, now: Date.now };

/** The plan last deployed to AWS from this workspace, kept beside the local state. */
function cloudPlanFile(playbooksDir: string): string {
  return join(stateFolder(playbooksDir), 'cloud-deployed-plan.json');
}

/** Where cdk writes the stack's outputs (`--outputs-file`), for the next steps after a deploy. */
function outputsFile(playbooksDir: string): string {
  return join(stateFolder(playbooksDir), 'cdk-outputs.json');
}

/** The deployed stack's outputs, from cdk's outputs file; undefined when there is none to read. */
function readStackOutputs(playbooksDir: string): Record<string, string> | undefined {
  try {
    const stacks = JSON.parse(readFileSync(outputsFile(playbooksDir), 'utf8')) as Record<string, Record<string, string>>;
    return Object.values(stacks)[0];
  } catch {
    return undefined;
  }
}

/** The plan last deployed from here: its jobs, and its credentials with their hosts (absent in records older than that). */
function readCloudPlan(playbooksDir: string): { jobs: Job[]; secrets?: DeployedSecret[] } | undefined {
  const file = cloudPlanFile(playbooksDir);
  // A damaged record is an error naming the file (cli/state-files.ts), never a stack trace.
  const recorded = readJsonState(file, (value) => {
    if (typeof value !== 'object' || value === null || !Array.isArray((value as { jobs?: unknown }).jobs)) throw new TypeError('no jobs');
    return value as { jobs?: Job[]; secrets?: DeployedSecret[] };
  }, playbooksDir);
  if (!recorded) return undefined;
  return { jobs: recorded.jobs ?? [], ...(recorded.secrets ? { secrets: recorded.secrets } : {}) };
}

/** The folder holding cdk.json: the current one or the nearest parent. */
function findCdkProject(start: string): string | undefined {
  for (let folder = resolve(start); ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'cdk.json'))) return folder;
    if (dirname(folder) === folder) return undefined;
  }
}

function say(io: CliIo, lang: Lang, en: string, zh: string, stream: 'out' | 'err' = 'out'): void {
  io[stream](`${lang === 'zh-CN' ? zh : en}\n`);
}

/** `flywheel deploy`: shows the plan, confirms, and runs `cdk deploy` for the playbooks. */
export async function runDeploy(argv: string[], io: CliIo, overrides: Partial<DeployDeps> = {}): Promise<number> {
  const deps: DeployDeps = { ...DEFAULT_DEPS, ...overrides };
  const split = argv.indexOf('--');
  const own = split === -1 ? argv : argv.slice(0, split);
  const passThrough = split === -1 ? [] : argv.slice(split + 1);
  const args = parseWorkspaceArgs(io, own, HELP, { yes: { type: 'boolean', default: false }, 'alarm-email': { type: 'string' }, 'secret-prefix': { type: 'string' } });
  if (typeof args === 'number') return args;
  const { dir, lang } = args;
  const values = args.options as { yes?: boolean; 'alarm-email'?: string; 'secret-prefix'?: string };
  const secretPrefix = values['secret-prefix'] ?? DEFAULT_SECRET_PREFIX;
  const badPrefix = checkSecretPrefix(secretPrefix);
  if (badPrefix) {
    say(io, lang, `flywheel deploy: ${badPrefix.en}`, `flywheel deploy: ${badPrefix.zh}`, 'err');
    return 2;
  }

  const project = findCdkProject(io.cwd);
  if (!project) {
    say(io, lang, 'flywheel deploy: no cdk.json in this folder or above it. Run it from the Flywheel project folder (the one with cdk.json and infra/).',
      'flywheel deploy: 当前目录及其上级都没有 cdk.json。请在 Flywheel 项目目录 (含 cdk.json 和 infra/) 中运行。', 'err');
    return 1;
  }
  const result = loadValidWorkspace(io, dir, lang);
  if (!result) return 1;
  // The synth refuses these too; saying so here spares a cdk run.
  const references = listSecretReferences(result.model);
  const refused = findUndeployableReferences(references, secretPrefix);
  if (refused.length > 0) {
    for (const { reference, en, zh } of refused) {
      io.err(`${relative(io.cwd, join(dir, reference.file))}:${reference.line}:${reference.column} error flywheel/deploy-secret ${lang === 'zh-CN' ? zh : en}\n`);
    }
    return 1;
  }
  const plan = compilePlan(result.model, folderFileProvider(dir));
  const deployed = readCloudPlan(dir);
  const diff = diffPlan(plan.jobs, deployed?.jobs ?? [], deps.now());
  say(io, lang,
    `Workspace ${plan.workspace} (${plan.timezone}): ${plan.jobs.length} jobs, compared with ${deployed ? 'the plan last deployed to AWS from here' : 'nothing deployed to AWS from here yet'}.\n`,
    `工作区 ${plan.workspace} (${plan.timezone}): 共 ${plan.jobs.length} 个任务, 对比${deployed ? '上次从本机部署到 AWS 的计划' : '尚未从本机部署到 AWS 的空状态'}。\n`);
  printPlanChanges(io, diff, planWords(result.model, lang, plan.timezone), { limit: 40, countsWhenUnchanged: true });
  printSecretDestinations(io, lang, references, secretPrefix, deployed?.secrets);
  say(io, lang,
    '\nThe stack itself has a fixed size: the jobs above are rows the sync step writes into the table after `cdk deploy`.',
    '\n栈的资源数量固定: 以上任务由部署后的 sync 步骤写入数据表。');

  if (!values.yes) {
    const question = lang === 'zh-CN' ? '\n部署到 AWS? 输入 yes 继续 [y/N]: ' : '\nDeploy to AWS? Type yes to continue [y/N]: ';
    if (!(await deps.confirm(question))) {
      say(io, lang, 'Not deployed. (Without a terminal to answer, pass --yes.)', '未部署。(无法交互确认时, 请加 --yes。)', 'err');
      return 1;
    }
  }

  const [program = 'npx', ...lead] = deps.cdkCommand;
  const cdkArgs = [
    ...lead, 'deploy', '-c', `playbooks=${dir}`,
    ...(values['alarm-email'] ? ['-c', `alarmEmail=${values['alarm-email']}`] : []),
    ...(values['secret-prefix'] ? ['-c', `secretPrefix=${secretPrefix}`] : []),
    ...(values.yes ? ['--require-approval', 'never'] : []),
    '--outputs-file', outputsFile(dir),
    ...passThrough,
  ];
  mkdirSync(stateFolder(dir), { recursive: true });
  io.out(`\n${paint(io, 'gray', `$ ${[program, ...cdkArgs].join(' ')}`)}\n`);
  const status = await deps.run(program, cdkArgs, project);
  if (status !== 0) {
    say(io, lang,
      `flywheel deploy: cdk deploy failed (exit status ${status}). Its output above says why; nothing was recorded as deployed. Common causes: no AWS credentials, the account is not bootstrapped (npx cdk bootstrap), a secret missing.`,
      `flywheel deploy: cdk deploy 失败 (退出码 ${status})。原因见上方输出; 未记录为已部署。常见原因: 没有 AWS 凭据、账号未 bootstrap (npx cdk bootstrap)、缺少密钥。`, 'err');
    return 1;
  }
  writeStateFile(cloudPlanFile(dir), `${JSON.stringify({ deployedAt: new Date(deps.now()).toISOString(), secretPrefix, secrets: recordSecrets(references), jobs: plan.jobs })}\n`);
  say(io, lang,
    `Deployed. The sync step wrote the plan (${plan.jobs.length} jobs) into the table; the tick runs every minute.`,
    `部署完成。sync 步骤已把计划 (${plan.jobs.length} 个任务) 写入数据表; tick 每分钟运行一次。`);
  const outputs = readStackOutputs(dir);
  if (outputs?.TableName && outputs.IngestUrl) {
    const folder = displayFolder(io, dir);
    say(io, lang,
      `\nNext:\n  flywheel status ${folder} --table ${outputs.TableName}    where the goals stand, from the cloud\n  flywheel metrics import <csv> --to ${outputs.IngestUrl}    send metric rows\n  VS Code: set flywheel.status.source to aws and flywheel.aws.table to ${outputs.TableName}`,
      `\n下一步:\n  flywheel status ${folder} --table ${outputs.TableName}    查看云端目标状态\n  flywheel metrics import <csv> --to ${outputs.IngestUrl}    上传指标数据\n  VS Code: 将 flywheel.status.source 设为 aws, flywheel.aws.table 设为 ${outputs.TableName}`);
  }
  return 0;
}

/** The playbooks folder as the user would type it from where they are. */
function displayFolder(io: CliIo, dir: string): string {
  const shown = relative(io.cwd, dir);
  return shown === '' ? '.' : shown.startsWith('..') ? dir : shown;
}
