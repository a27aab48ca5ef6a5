import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { createFlywheelApp, type FlywheelApp, type FlywheelAppOptions } from './create-app';

/** A synthesized Flywheel app for tests: the template and what cdk-nag reported. */
export interface SynthesizedForTest extends FlywheelApp {
  readonly template: Template;
  readonly outdir: string;
  /** The cloud assembly's validation report (cdk-nag's findings and acknowledgements). */
  readonly validationReport: ValidationReport;
}

/** The parts of CDK's validation-report.json the tests read. */
export interface ValidationReport {
  readonly pluginReports: readonly {
    readonly pluginName: string;
    readonly conclusion: 'success' | 'failure';
    readonly violations: readonly { readonly ruleName: string; readonly severity: string }[];
    readonly suppressedViolations?: readonly { readonly ruleName: string; readonly reason?: string; readonly violatingConstructs?: readonly { constructPath: string }[] }[];
  }[];
}

/**
 * Synthesizes the app in process with bundling skipped (milliseconds instead of esbuild runs)
 * and CDK's slow built-in template validation off; cdk-nag still runs, as in the real app.
 */
export function synthForTest(playbooks: string, options: Omit<FlywheelAppOptions, 'context' | 'outdir'> & { context?: Record<string, unknown> } = {}): SynthesizedForTest {
  const outdir = mkdtempSync(join(tmpdir(), 'flywheel-synth-'));
  const built = createFlywheelApp({
    builtinCloudFormationValidation: false,
    ...options,
    outdir,
    context: { 'aws:cdk:bundling-stacks': [], playbooks, ...options.context },
  });
  const assembly = built.app.synth();
  const validationReport = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as ValidationReport;
  return { ...built, outdir, template: Template.fromJSON(assembly.getStackArtifact(built.stack.artifactId).template as Record<string, unknown>), validationReport };
}

/** Resource count by CloudFormation type. */
export function countResourcesByType(template: Template): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const resource of Object.values(template.toJSON().Resources as Record<string, { Type: string }>)) {
    counts[resource.Type] = (counts[resource.Type] ?? 0) + 1;
  }
  return counts;
}
