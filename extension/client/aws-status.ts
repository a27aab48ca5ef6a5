/*
 * Reads goal status from the deployed stack's DynamoDB table through the CLI:
 * `flywheel status <dir> --table <name> [--region r] [--profile p] --format json`, the same report
 * the terminal prints. The client carries no AWS SDK; the CLI reads the table with the user's profile.
 */
import * as l10n from '@vscode/l10n';
import { cliNotFoundMessage, findFlywheelCli, runFlywheelCli, type CliLocation } from './flywheel-cli';
import { parseStatusReport, StatusReportError, type StatusReport } from './status-report';

/** Where the table is and whose credentials read it. */
export interface AwsStatusOptions extends CliLocation {
  readonly playbooksDir: string;
  readonly lang: 'en' | 'zh-CN';
  readonly aws: { readonly profile?: string; readonly region?: string; readonly table: string };
  /** The report as of this instant (`--at`); now when absent. */
  readonly at?: string;
}

/** Reads the report from the AWS table named in the settings, with the named profile's credentials. */
export async function readAwsStatus(options: AwsStatusOptions): Promise<StatusReport> {
  const { table, profile, region } = options.aws;
  if (!table) throw new StatusReportError(l10n.t('Set "flywheel.aws.table" to the TableName output of the deployed Flywheel stack.'));
  const cli = findFlywheelCli(options);
  if (!cli) throw new StatusReportError(cliNotFoundMessage(options));
  const args = [
    'status', options.playbooksDir, '--table', table, ...(region ? ['--region', region] : []), ...(profile ? ['--profile', profile] : []),
    ...(options.at ? ['--at', options.at] : []), '--format', 'json', '--lang', options.lang,
  ];
  const result = await runFlywheelCli(cli, args, options.playbooksDir);
  if (result.code !== 0) {
    const reason = result.stderr.trim() || result.stdout.trim();
    throw new StatusReportError(l10n.t('Could not read table {0} with profile {1}: {2}. Check "flywheel.aws.profile" and "flywheel.aws.region" and that the profile may read the table.', table, profile || 'default', reason));
  }
  return parseStatusReport(result.stdout);
}
