import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, rmSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { formatLocal, text } from '../core/index';
import { LocalStateError, damagedFileError, syncFolder, writeFlushed } from './state-files';

const HolderSchema = z.object({
  pid: z.int(), host: z.string(), startedAt: z.int(), command: z.string(), runId: z.string(),
});
/** Who holds a workspace's state: the process, its host, since when, and which command. */
export type LockHolder = z.infer<typeof HolderSchema>;

/** A held workspace lock. */
export interface WorkspaceLock {
  readonly holder: LockHolder;
  /** Lets go of the lock (only if it is still this process's). */
  release(): void;
}

/** How often to look again at a lock being written or broken, and for how long. */
const SETTLE_MS = 25;
const SETTLE_ATTEMPTS = 40;

/** `.flywheel/lock`: present while a process uses the workspace's state. */
export function lockFile(stateDir: string): string {
  return join(stateDir, 'lock');
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Creates `file` with `content` only if it does not exist: the content is complete the moment the name appears. */
function createExclusive(file: string, content: string, stateDir: string): boolean {
  const temporary = join(stateDir, `.lock-${process.pid}-${randomUUID()}`);
  writeFlushed(temporary, content);
  try {
    // A hard link is atomic and fails when the name is taken: exactly one of any number of racers wins.
    linkSync(temporary, file);
    syncFolder(stateDir);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** The holder recorded in a lock file; undefined when there is none (released meanwhile). */
function readHolder(file: string, workspaceDir: string): LockHolder | undefined {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return HolderSchema.parse(JSON.parse(content));
  } catch (error) {
    throw damagedFileError(file, text('it does not say which process holds the workspace', '无法读出占用工作区的进程'), workspaceDir, error);
  }
}

/** When a process started (epoch ms), where the system says (Linux); undefined elsewhere. */
function processStartedAt(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (start time in clock ticks since boot) counts from after the command name, which may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    const bootLine = readFileSync('/proc/stat', 'utf8').split('\n').find((line) => line.startsWith('btime '));
    if (!Number.isFinite(ticks) || !bootLine) return undefined;
    // USER_HZ is 100 on every Linux architecture Node supports.
    return Number(bootLine.slice(6)) * 1000 + ticks * 10;
  } catch {
    return undefined;
  }
}

/**
 * Whether the process that took a lock is still running. Another host's process cannot be looked
 * at: it counts as running. A live pid that started after the lock was taken is another process
 * (the pid was reused after a reboot): the holder is gone.
 */
export function isHolderAlive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const started = processStartedAt(holder.pid);
  return started === undefined || started <= holder.startedAt + 2_000;
}

/**
 * Removes a lock whose holder is gone. Breakers take turns through a second lock file, so two
 * processes that both found the same dead holder cannot remove a lock one of them has just taken.
 */
function breakStaleLock(stateDir: string, stale: LockHolder, workspaceDir: string): void {
  const file = lockFile(stateDir);
  const breaker = `${file}.break`;
  const me: LockHolder = { pid: process.pid, host: hostname(), startedAt: Date.now(), command: 'break', runId: randomUUID() };
  if (!createExclusive(breaker, JSON.stringify(me), stateDir)) {
    const other = readHolder(breaker, workspaceDir);
    // A breaker that died in the middle (a few microseconds of work) would block every start otherwise.
    if (other && !isHolderAlive(other)) rmSync(breaker, { force: true });
    return;
  }
  try {
    if (readHolder(file, workspaceDir)?.runId === stale.runId) rmSync(file, { force: true });
  } finally {
    rmSync(breaker, { force: true });
  }
}

/** The error for a workspace another process holds: who, since when, and what to do. */
function workspaceBusyError(workspaceDir: string, holder: LockHolder, timezone: string): LocalStateError {
  const since = `${formatLocal(holder.startedAt, timezone)} ${timezone}`;
  const elsewhere = holder.host !== hostname();
  const who = `flywheel ${holder.command} (pid ${holder.pid}${elsewhere ? ` on ${holder.host}` : ''})`;
  const whoZh = `flywheel ${holder.command}（进程 ${holder.pid}${elsewhere ? `，主机 ${holder.host}` : ''}）`;
  const file = lockFile(join(workspaceDir, '.flywheel'));
  return new LocalStateError(text(
    `The workspace ${workspaceDir} is in use by ${who} since ${since}; only one runner may serve a workspace. Stop that one first (Ctrl-C in its terminal, or kill ${holder.pid}). If it is not running, remove ${file}.`,
    `工作区 ${workspaceDir} 正被 ${whoZh}使用（自 ${since} 起）；一个工作区只能有一个运行器。请先停止它（在其终端按 Ctrl-C，或 kill ${holder.pid}）。如果它并未运行，请删除 ${file}。`,
  ));
}

/**
 * Takes the workspace's lock (`.flywheel/lock`: pid, host, start time, command) before its engine
 * opens. Exactly one of any number of processes starting at once gets it; a lock left by a process
 * that is gone is taken over. Throws a LocalStateError naming the holder when a live one has it.
 */
export function acquireWorkspaceLock(stateDir: string, command: string, workspaceDir: string, timezone: string): WorkspaceLock {
  const file = lockFile(stateDir);
  const holder: LockHolder = { pid: process.pid, host: hostname(), startedAt: Date.now(), command, runId: randomUUID() };
  for (let attempt = 0; attempt < SETTLE_ATTEMPTS; attempt += 1) {
    if (createExclusive(file, `${JSON.stringify(holder)}\n`, stateDir)) {
      const release = () => {
        try {
          if (readHolder(file, workspaceDir)?.runId === holder.runId) rmSync(file, { force: true });
        } catch {
          // A damaged lock is not this process's to remove.
        }
        process.off('exit', release);
      };
      // Even a process that exits without unwinding (process.exit) leaves no lock behind.
      process.on('exit', release);
      return { holder, release };
    }
    const current = readHolder(file, workspaceDir);
    if (current === undefined) continue;
    if (isHolderAlive(current)) throw workspaceBusyError(workspaceDir, current, timezone);
    breakStaleLock(stateDir, current, workspaceDir);
    sleepSync(SETTLE_MS);
  }
  throw new LocalStateError(text(
    `Could not take the lock ${file}: other processes keep taking and releasing it. Try again.`,
    `无法获得锁文件 ${file}：其他进程在反复占用和释放。请重试。`,
  ));
}

/** The holder of a workspace's lock when a live process holds it. */
export function currentHolder(stateDir: string, workspaceDir: string): LockHolder | undefined {
  const file = lockFile(stateDir);
  try {
    statSync(file);
  } catch {
    return undefined;
  }
  const holder = readHolder(file, workspaceDir);
  return holder && isHolderAlive(holder) ? holder : undefined;
}
