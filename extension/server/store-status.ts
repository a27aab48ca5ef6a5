/*
 * Key result status from the local store, for code lenses. Read only when the store is
 * reachable: `.flywheel/engine.json` beside the playbooks names a live `flywheel run`, whose
 * engine `flywheel status` then reads. Without one, `flywheel status` would start an engine of its
 * own, which an editor must not do behind the user's back. Anything missing or failing: no lenses.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stateFolder } from '../../core/node/workspace-layout';
import { findFlywheelCli } from '../client/flywheel-cli';
import { readKeyResultStatus, type KeyResultStatusMap } from './service/index';

const STATUS_TIMEOUT_MS = 20_000;

function runningEnginePid(playbooksDir: string): number | undefined {
  try {
    const engine = JSON.parse(readFileSync(join(stateFolder(playbooksDir), 'engine.json'), 'utf8')) as { pid?: unknown };
    if (typeof engine.pid !== 'number') return undefined;
    process.kill(engine.pid, 0);
    return engine.pid;
  } catch {
    return undefined;
  }
}

/** The extension's folder: this server runs from its dist/ (bundled, CommonJS) or from extension/server/ (sources, ESM). */
function extensionFolder(): string {
  const serverFolder = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
  return join(serverFolder, '..');
}

/** Latest key result status from a running local store, or undefined when none is reachable. */
export function readStoreStatus(playbooksDir: string): Promise<KeyResultStatusMap | undefined> {
  const cli = runningEnginePid(playbooksDir) === undefined ? undefined : findFlywheelCli({ workspaceRoot: playbooksDir, extensionPath: extensionFolder() });
  if (!cli) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, 'status', playbooksDir, '--format', 'json'], {
      cwd: playbooksDir, timeout: STATUS_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8',
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', NO_COLOR: '1' },
    }, (error, stdout) => {
      if (error) {
        resolve(undefined);
        return;
      }
      try {
        resolve(readKeyResultStatus(JSON.parse(stdout)));
      } catch {
        resolve(undefined);
      }
    });
  });
}
