/*
 * Reads the goal status report from where the settings say, always through the CLI: the local
 * store (`flywheel status --format json`), or the deployed AWS table with the user's profile (`--table`).
 */
import * as l10n from '@vscode/l10n';
import { readAwsStatus } from './aws-status';
import { cliNotFoundMessage, findFlywheelCli, runFlywheelCli, type CliLocation } from './flywheel-cli';
import { parseStatusReport, StatusReportError, type StatusReport } from './status-report';

/** Where goal status comes from and what is needed to read it. */
export interface StatusSourceSettings extends CliLocation {
  readonly source: 'local' | 'aws';
  readonly playbooksDir: string;
  readonly lang: 'en' | 'zh-CN';
  readonly aws: { readonly profile?: string; readonly region?: string; readonly table: string };
}

/** Runs `flywheel status <dir> --format json` and parses what it prints. */
export async function readLocalStatus(settings: StatusSourceSettings): Promise<StatusReport> {
  const cli = findFlywheelCli(settings);
  if (!cli) throw new StatusReportError(cliNotFoundMessage(settings));
  const result = await runFlywheelCli(cli, ['status', settings.playbooksDir, '--format', 'json', '--lang', settings.lang], settings.playbooksDir);
  if (result.code !== 0) {
    throw new StatusReportError(l10n.t('flywheel status failed (exit {0}): {1}', result.code, result.stderr.trim() || result.stdout.trim()));
  }
  return parseStatusReport(result.stdout);
}

/** Reads the report from the configured source. */
export async function readGoalStatus(settings: StatusSourceSettings): Promise<StatusReport> {
  if (settings.source === 'aws') {
    return readAwsStatus(settings);
  }
  return readLocalStatus(settings);
}
