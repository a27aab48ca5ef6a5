import { compareDiagnostics, type Diagnostic } from '../diagnostics';
import { loadWorkspace, type InputFile, type LoadOptions, type WorkspaceModel } from '../load/index';
import { RuleContext, type FileProvider, type Rule } from './context';
import { RULES } from './rules/index';
import { applySuppressions } from './suppression';

export interface ValidationResult {
  readonly model: WorkspaceModel;
  readonly diagnostics: Diagnostic[];
}

export interface CheckOptions {
  /** The rules to run (default: all). */
  readonly rules?: readonly Rule[];
}

export function runRule(rule: Rule, context: RuleContext, model: WorkspaceModel): void {
  try {
    rule.check(context);
  } catch (error) {
    // A rule that throws is a bug in Flywheel: say so and go on with the other rules.
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

/** Runs the semantic rules over a loaded model; never throws. */
export function checkModel(model: WorkspaceModel, files: FileProvider, options: CheckOptions = {}): Diagnostic[] {
  const context = new RuleContext(model, files);
  for (const rule of options.rules ?? RULES) runRule(rule, context, model);
  return context.diagnostics;
}

/** Loads and validates a workspace: syntax, schema and semantic rules, suppressions applied, sorted. Never throws on user input. */
export function validateWorkspace(inputs: readonly InputFile[], files: FileProvider, options: LoadOptions = {}): ValidationResult {
  const { model, diagnostics } = loadWorkspace(inputs, options);
  return { model, diagnostics: applySuppressions([...diagnostics, ...checkModel(model, files)], model.files).sort(compareDiagnostics) };
}
