import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { folderFileProvider, localize, readPlaybookFolder, text, validateWorkspace, type Lang, type LocalizedText } from '../../core/index';
import { stateFolder } from '../deployed-state';
import { DOCTOR_CHECKS, type DoctorCheck, type DoctorContext, type DoctorFinding, type RepairOutcome } from '../doctor/checks';
import { paint, type CliIo } from '../output';
import { LocalStateError, syncFolder } from '../state-files';
import { acquireWorkspaceLock, currentHolder, lockFile } from '../workspace-lock';
import { parseWorkspaceArgs } from './shared';

const HELP = `Usage: flywheel doctor [dir=playbooks] [--repair] [--format text|json] [--lang en|zh-CN]

Checks the workspace's local state (<dir>/.flywheel/): whose it is, the runner lock, the runner's
last tick, the deployed plan and every file of the embedded store. Each check says ok, a problem
(naming the file) or something to know. --repair moves damaged state aside into
.flywheel/damaged-<time>/ and rebuilds what can be rebuilt from the playbooks and the outbox record,
saying what was lost; it refuses while a runner serves the workspace. Exit status 0 healthy
(after --repair: healthy now), 1 otherwise.

用法：flywheel doctor [目录=playbooks] [--repair] [--format text|json]
检查工作区的本地状态（<目录>/.flywheel/）：归属、运行锁、上次运行时间、已部署计划和本地存储的每个文件。
--repair 将损坏的状态移到 .flywheel/damaged-<时间>/，并根据剧本和 outbox 记录重建可以重建的部分，说明丢失了什么；
运行器正在使用该工作区时不会修复。退出码：0 健康（--repair 后已恢复健康），1 其他情况。
`;

/** One check's findings. */
interface CheckReport {
  readonly check: DoctorCheck;
  readonly findings: DoctorFinding[];
}

/** What --repair did, over all checks. */
interface RepairReport {
  readonly folder: string;
  readonly moved: string[];
  readonly rebuilt: LocalizedText[];
  readonly lost: LocalizedText[];
}

async function runChecks(context: DoctorContext): Promise<CheckReport[]> {
  const reports: CheckReport[] = [];
  for (const check of DOCTOR_CHECKS) {
    try {
      reports.push({ check, findings: await check.run(context) });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      reports.push({ check, findings: [{ status: 'problem', message: text(`the check could not run: ${reason}`, `检查无法运行：${reason}`) }] });
    }
  }
  return reports;
}

const hasProblem = (reports: readonly CheckReport[]) => reports.some((report) => report.findings.some((finding) => finding.status === 'problem'));

/** A compact UTC stamp for a folder name: 20261207T191500Z. */
const stamp = (instant: number) => new Date(instant).toISOString().slice(0, 19).replace(/[-:]/g, '') + 'Z';

/** Runs the repairs of the checks that found problems, holding the workspace so no runner starts meanwhile. */
async function repair(context: DoctorContext, reports: readonly CheckReport[]): Promise<RepairReport> {
  const folder = join(context.stateDir, `damaged-${stamp(context.now)}`);
  const moveAside = (path: string) => {
    mkdirSync(folder, { recursive: true });
    const target = join(folder, basename(path));
    renameSync(path, target);
    syncFolder(context.stateDir);
    return target;
  };
  // A damaged lock names no holder: it goes aside first, so doctor can take the workspace.
  const lock = lockFile(context.stateDir);
  if (reports.some((report) => report.findings.some((finding) => finding.status === 'problem' && finding.file === lock)) && existsSync(lock)) moveAside(lock);
  mkdirSync(context.stateDir, { recursive: true });
  const held = acquireWorkspaceLock(context.stateDir, 'doctor', context.dir, context.timezone);
  const outcome: RepairReport = { folder, moved: [], rebuilt: [], lost: [] };
  try {
    for (const { check, findings: before } of reports) {
      if (!check.repair || !before.some((finding) => finding.status === 'problem')) continue;
      // An earlier repair may have settled this one too (another workspace's state moved aside whole): look again.
      const findings = await check.run(context);
      if (!findings.some((finding) => finding.status === 'problem')) continue;
      const done: RepairOutcome = await check.repair({ ...context, moveAside }, findings);
      outcome.moved.push(...done.moved);
      outcome.rebuilt.push(...done.rebuilt);
      outcome.lost.push(...done.lost);
    }
  } finally {
    held.release();
  }
  return outcome;
}

const MARK: Record<DoctorFinding['status'], { en: string; zh: string; colour: 'green' | 'red' | 'cyan' }> = {
  ok: { en: 'ok', zh: '正常', colour: 'green' },
  problem: { en: 'problem', zh: '问题', colour: 'red' },
  info: { en: 'note', zh: '提示', colour: 'cyan' },
};

function printText(io: CliIo, context: DoctorContext, reports: readonly CheckReport[], repaired: RepairReport | undefined, lang: Lang): void {
  const zh = lang === 'zh-CN';
  const shown = (file: string) => relative(io.cwd, file) || file;
  io.out(zh ? `flywheel doctor：工作区“${context.workspace}”，状态在 ${shown(context.stateDir)}\n` : `flywheel doctor: workspace "${context.workspace}", state in ${shown(context.stateDir)}\n`);
  if (repaired) {
    io.out(zh ? `\n已修复：损坏的状态移到 ${shown(repaired.folder)}\n` : `\nRepaired: damaged state moved to ${shown(repaired.folder)}\n`);
    for (const moved of repaired.moved) io.out(`  ${zh ? '已移走' : 'moved'}  ${shown(moved)}\n`);
    for (const rebuilt of repaired.rebuilt) io.out(`  ${zh ? '已重建' : 'rebuilt'}  ${localize(rebuilt, lang)}\n`);
    for (const lost of repaired.lost) io.out(`  ${zh ? '已丢失' : 'lost'}  ${localize(lost, lang)}\n`);
    io.out(zh ? '\n修复后的检查：\n' : '\nChecked again:\n');
  }
  for (const { check, findings } of reports) {
    for (const finding of findings) {
      const mark = MARK[finding.status];
      const colon = zh ? '：' : ': ';
      const where = finding.file ? `${shown(finding.file)}${colon}` : '';
      io.out(`  ${paint(io, mark.colour, (zh ? mark.zh : mark.en).padEnd(zh ? 4 : 8))} ${check.id.padEnd(14)} ${localize(check.title, lang)}${colon}${where}${localize(finding.message, lang)}\n`);
    }
  }
  const problems = reports.flatMap((report) => report.findings).filter((finding) => finding.status === 'problem').length;
  if (problems === 0) io.out(zh ? '\n本地状态健康。\n' : '\nThe local state is healthy.\n');
  else {
    const advice = `flywheel doctor ${shown(context.dir) || '.'} --repair`;
    io.out(zh ? `\n发现 ${problems} 个问题。运行 \`${advice}\` 将损坏的状态移到一旁并重建。\n` : `\n${problems} problem(s). Run \`${advice}\` to move the damaged state aside and rebuild it.\n`);
  }
}

function printJson(io: CliIo, context: DoctorContext, reports: readonly CheckReport[], repaired: RepairReport | undefined, lang: Lang): void {
  const checks = reports.flatMap(({ check, findings }) => findings.map((finding) => ({
    check: check.id, status: finding.status, ...(finding.file ? { file: finding.file } : {}), message: localize(finding.message, lang),
  })));
  const repair = repaired && {
    movedTo: repaired.folder, moved: repaired.moved, rebuilt: repaired.rebuilt.map((entry) => localize(entry, lang)), lost: repaired.lost.map((entry) => localize(entry, lang)),
  };
  io.out(`${JSON.stringify({ workspace: context.workspace, folder: context.dir, stateFolder: context.stateDir, healthy: !hasProblem(reports), checks, ...(repair ? { repair } : {}) }, null, 2)}\n`);
}

/** `flywheel doctor`: checks the local state, and with --repair moves damaged state aside and rebuilds it. */
export async function runDoctor(argv: string[], io: CliIo): Promise<number> {
  const args = parseWorkspaceArgs(io, argv, HELP, { repair: { type: 'boolean', default: false } });
  if (typeof args === 'number') return args;
  const { dir, lang } = args;
  const validation = validateWorkspace(readPlaybookFolder(dir), folderFileProvider(dir));
  const spec = validation.model.workspaces[0]?.value;
  const stateDir = stateFolder(dir);
  let inUse = false;
  try {
    inUse = currentHolder(stateDir, dir) !== undefined;
  } catch {
    // A damaged lock is one of the findings.
  }
  const context: DoctorContext = {
    dir, stateDir, workspace: spec?.metadata.name ?? basename(dir), timezone: spec?.spec.timezone ?? 'UTC', lang,
    model: validation.model, valid: !validation.diagnostics.some((diagnostic) => diagnostic.severity === 'error'), inUse, now: Date.now(),
  };
  let reports = await runChecks(context);
  let repaired: RepairReport | undefined;
  if (args.options.repair && hasProblem(reports)) {
    if (inUse) {
      io.err(lang === 'zh-CN' ? 'flywheel doctor：运行器正在使用该工作区，无法修复；请先停止它（Ctrl-C）。\n' : 'flywheel doctor: a runner is serving this workspace, so nothing is repaired; stop it first (Ctrl-C).\n');
      return 1;
    }
    try {
      repaired = await repair(context, reports);
    } catch (error) {
      if (!(error instanceof LocalStateError)) throw error;
      io.err(`flywheel doctor: ${error.messageIn(lang)}\n`);
      return 1;
    }
    reports = await runChecks(context);
  }
  if (args.format === 'json') printJson(io, context, reports, repaired, lang);
  else printText(io, context, reports, repaired, lang);
  return hasProblem(reports) ? 1 : 0;
}
