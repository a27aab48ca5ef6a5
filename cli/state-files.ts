import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { text, type Lang, type LocalizedText } from '../core/index';

/**
 * Local state that cannot be used as it is (damaged, another workspace's, held by another runner):
 * the message names the file and says what to do. The CLI prints it without a stack trace.
 */
export class LocalStateError extends Error {
  override readonly name = 'LocalStateError';

  constructor(readonly localized: LocalizedText, options?: { cause?: unknown }) {
    super(localized.en, options);
  }

  /** The message in a language. */
  messageIn(lang: Lang): string {
    return lang === 'zh-CN' ? this.localized.zh : this.localized.en;
  }
}

/** What to run to look at damaged state and move it aside; said by every error about a damaged file. */
export function doctorAdvice(workspaceDir: string): LocalizedText {
  const command = `flywheel doctor ${workspaceDir} --repair`;
  return text(
    `Run \`${command}\` to move the damaged state aside and rebuild what can be rebuilt (it says what is lost).`,
    `运行 \`${command}\`：将损坏的状态移到一旁，并重建可以重建的部分（会说明丢失了什么）。`,
  );
}

/** A state file that could not be read or parsed: names it, says what is wrong and what to do. */
export function damagedFileError(file: string, problem: LocalizedText, workspaceDir: string, cause?: unknown): LocalStateError {
  const advice = doctorAdvice(workspaceDir);
  return new LocalStateError(
    text(`${file} is damaged: ${problem.en}. ${advice.en}`, `${file} 已损坏：${problem.zh}。${advice.zh}`),
    cause === undefined ? undefined : { cause },
  );
}

/**
 * Writes a state file so that a crash at any moment leaves either the old content or the new one,
 * never a mix: a temporary file beside it, flushed to disk, renamed over it, then the folder flushed.
 */
export function writeStateFile(file: string, content: string): void {
  const temporary = join(dirname(file), `.${basename(file)}.tmp-${process.pid}`);
  writeFlushed(temporary, content);
  try {
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  syncFolder(dirname(file));
}

/** Writes a file and flushes it to disk before returning. */
export function writeFlushed(file: string, content: string): void {
  const handle = openSync(file, 'w', 0o644);
  try {
    writeSync(handle, content);
    fsyncSync(handle);
  } finally {
    closeSync(handle);
  }
}

/** Flushes a folder's entries (a rename) to disk; some systems cannot open a folder, which is fine there. */
export function syncFolder(folder: string): void {
  let handle: number | undefined;
  try {
    handle = openSync(folder, 'r');
    fsyncSync(handle);
  } catch {
    // Windows cannot fsync a directory; the rename itself is still atomic there.
  } finally {
    if (handle !== undefined) closeSync(handle);
  }
}

/** Writes a JSON state file atomically (see writeStateFile). */
export function writeJsonState(file: string, value: unknown): void {
  writeStateFile(file, `${JSON.stringify(value, null, 1)}\n`);
}

/**
 * Reads a JSON state file and checks its shape with `parse` (which throws on a wrong shape). A
 * missing file is `undefined`; unreadable, truncated or wrongly shaped content is a
 * LocalStateError naming the file.
 */
export function readJsonState<T>(file: string, parse: (value: unknown) => T, workspaceDir: string): T | undefined {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    const reason = error instanceof Error ? error.message : String(error);
    throw damagedFileError(file, text(`it cannot be read (${reason})`, `无法读取（${reason}）`), workspaceDir, error);
  }
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch (error) {
    const problem = content.trim() === ''
      ? text('it is empty', '文件为空')
      : text(`it is not valid JSON (${error instanceof Error ? error.message : String(error)}; it may have been cut short)`, `不是有效的 JSON（${error instanceof Error ? error.message : String(error)}；文件可能被截断）`);
    throw damagedFileError(file, problem, workspaceDir, error);
  }
  try {
    return parse(value);
  } catch (error) {
    throw damagedFileError(file, text('its content does not have the expected fields', '内容缺少应有的字段'), workspaceDir, error);
  }
}
