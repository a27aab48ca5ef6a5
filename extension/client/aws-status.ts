/*
 * Reads goal status from the deployed stack's DynamoDB table with the user's own AWS profile
 * (functions/store/status-report.ts, shared with `flywheel status --table`). The result has the
 * shape of `flywheel status --format json`, so the views do not care where it came from.
 */
import * as l10n from '@vscode/l10n';
import { compilePlan, folderFileProvider, readPlaybookFolder, validateWorkspace } from '../../core/index';
import type { FlywheelStore } from '../../functions/store/index';
import { withTableStore } from '../../functions/store/table-store';
import { readStatusReport } from '../../functions/store/status-report';
import { StatusReportError, type StatusReport } from './status-report';

/** Where the table is and whose credentials read it. */
export interface AwsStatusOptions {
  readonly playbooksDir: string;
  readonly aws: { readonly profile?: string; readonly region?: string; readonly table: string; readonly endpoint?: string };
  readonly now?: number;
}

/** Builds the status report from the table's goal status rows and check states and the playbooks' plan. */
export async function readAwsStatusFromStore(store: FlywheelStore, playbooksDir: string, now: number): Promise<StatusReport> {
  const { model, diagnostics } = validateWorkspace(readPlaybookFolder(playbooksDir), folderFileProvider(playbooksDir));
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
  if (errors > 0) throw new StatusReportError(l10n.t('The playbooks have {0} error(s); fix them first (see the Problems panel).', errors));
  return readStatusReport(store, model, compilePlan(model, folderFileProvider(playbooksDir)), now);
}

/** Reads the report from the AWS table named in the settings, with the named profile's credentials. */
export async function readAwsStatus(options: AwsStatusOptions): Promise<StatusReport> {
  const { table, profile, region, endpoint } = options.aws;
  if (!table) throw new StatusReportError(l10n.t('Set "flywheel.aws.table" to the TableName output of the deployed Flywheel stack.'));
  try {
    return await withTableStore({ table, region, profile, endpoint }, (store) => readAwsStatusFromStore(store, options.playbooksDir, options.now ?? Date.now()));
  } catch (error) {
    if (error instanceof StatusReportError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new StatusReportError(l10n.t('Could not read table {0} with profile {1}: {2}. Check "flywheel.aws.profile" and "flywheel.aws.region" and that the profile may read the table.', table, profile || 'default', reason), { cause: error });
  }
}
