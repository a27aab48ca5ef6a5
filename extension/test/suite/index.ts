/*
 * The extension host's test entry (`extensionTestsPath`): VS Code requires this file inside the
 * host and calls `run()`. It runs the mocha suites and, when the harness asks for it, writes a
 * JSON summary next to the log so the harness can report counts even if log forwarding is lossy.
 */
import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';

interface TestOutcome {
  readonly title: string;
  readonly state: 'passed' | 'failed';
  readonly durationMs: number;
  readonly error?: string;
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 90_000, reporter: 'spec' });
  // The suites are bundled into this file: give them mocha's globals, then load them.
  mocha.suite.emit('pre-require', globalThis, 'flywheel-extension-tests', mocha);
  // Goals first: its view loads on activation, and `flywheel status` refuses a workspace with errors,
  // which the diagnostics suite writes on purpose (and removes again).
  await import('./goals.test');
  await import('./completion.test');
  await import('./diagnostics.test');

  const outcomes: TestOutcome[] = [];
  const started = Date.now();
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', (test) => outcomes.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration ?? 0 }));
    runner.on('fail', (test, error: Error) =>
      outcomes.push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration ?? 0, error: error.stack ?? error.message }),
    );
  });
  const reportPath = process.env.FLYWHEEL_EXTENSION_TEST_REPORT;
  if (reportPath) {
    const summary = { passed: outcomes.filter((o) => o.state === 'passed').length, failed: failures, durationMs: Date.now() - started, tests: outcomes };
    writeFileSync(reportPath, JSON.stringify(summary, null, 2));
  }
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed.`);
}
