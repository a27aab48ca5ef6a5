import { compareDiagnostics, type Diagnostic } from '../diagnostics';
import { loadWorkspace, type InputFile, type WorkspaceModel } from '../load/index';
import { RuleContext, type FileProvider, type Rule } from './context';
import { RULES } from './rules/index';
import { applySuppressions } from './suppression';

export interface ValidationResult {
  readonly model: WorkspaceModel;
  readonly diagnostics: Diagnostic[];
}

/** Runs every semantic rule over a loaded model. A rule that throws is a bug in Flywheel, reported as such instead of crashing. */
export function checkModel(model: WorkspaceModel, files: FileProvider, rules: readonly Rule[] = RULES): Diagnostic[] {
  const context = new RuleContext(model, files);
  for (const rule of rules) {
    try {
      rule.check(context);
    } catch (error) {
      const first = model.documents[0];
      context.diagnostics.push({
        file: first?.file.path ?? '', line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'warning', code: 'flywheel/internal',
        message: {
          en: `Rule ${rule.code} failed (${error instanceof Error ? error.message : String(error)}); its checks were skipped. Please report this.`,
          zh: `规则 ${rule.code} 执行失败 (${error instanceof Error ? error.message : String(error)}), 已跳过。请报告此问题。`,
        },
      });
    }
  }
  return context.diagnostics;
}

/** Loads and validates a workspace: syntax, schema and semantic rules, suppressions applied, sorted. Never throws on user input. */
export function validateWorkspace(inputs: readonly InputFile[], files: FileProvider): ValidationResult {
  const { model, diagnostics } = loadWorkspace(inputs);
  const all = [...diagnostics, ...checkModel(model, files)];
  return { model, diagnostics: applySuppressions(all, model.files).sort(compareDiagnostics) };
}
