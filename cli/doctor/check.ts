import type { Lang, LocalizedText, WorkspaceModel } from '../../core/index';

/*
 * `flywheel doctor` runs a list of named checks (cli/doctor/checks.ts). A check looks at one thing
 * (a state file, the engine's data, a credential) and says what it found; one that can put its
 * problem right has a `repair`. To add a check, write a DoctorCheck and list it in DOCTOR_CHECKS.
 */

/** What a check found. `problem` makes the workspace unhealthy (exit 1); `info` is said, not counted. */
export type FindingStatus = 'ok' | 'problem' | 'info';

/** One thing a check found, in both languages, with the file it is about. */
export interface DoctorFinding {
  readonly status: FindingStatus;
  readonly message: LocalizedText;
  readonly file?: string;
}

/** What a check sees: the workspace folder, its state folder, its name and zone, and its playbooks. */
export interface DoctorContext {
  readonly dir: string;
  readonly stateDir: string;
  readonly workspace: string;
  readonly timezone: string;
  readonly lang: Lang;
  /** The playbooks' model (what loaded of it when they have errors). */
  readonly model: WorkspaceModel;
  /** True when the playbooks have no errors (a plan can be compiled). */
  readonly valid: boolean;
  /** True when a live process (a runner) holds the workspace: state in use is looked at, not repaired. */
  readonly inUse: boolean;
  readonly now: number;
}

/** What a repair did: files moved aside, what it rebuilt, and what is lost. */
export interface RepairOutcome {
  readonly moved: readonly string[];
  readonly rebuilt: readonly LocalizedText[];
  readonly lost: readonly LocalizedText[];
}

/** Where a repair moves damaged state: `.flywheel/damaged-<timestamp>/`, made on first use. */
export interface RepairContext extends DoctorContext {
  /** Moves a file or folder of the state folder aside; returns where it went. */
  moveAside(path: string): string;
}

/** A named check of `flywheel doctor`. */
export interface DoctorCheck {
  /** Stable id, shown in the output and the JSON (`state-owner`, `engine-store`, …). */
  readonly id: string;
  readonly title: LocalizedText;
  run(context: DoctorContext): DoctorFinding[] | Promise<DoctorFinding[]>;
  /** Puts this check's problems right (run only when it found one, with the workspace held by doctor). */
  repair?(context: RepairContext, findings: readonly DoctorFinding[]): RepairOutcome | Promise<RepairOutcome>;
}
