import type { DoctorCheck } from './check';
import { STATE_CHECKS } from './state-checks';

export type { DoctorCheck, DoctorContext, DoctorFinding, FindingStatus, RepairContext, RepairOutcome } from './check';

/** Every check `flywheel doctor` runs, in order: the local state first. Add a check by listing it here. */
export const DOCTOR_CHECKS: readonly DoctorCheck[] = [...STATE_CHECKS];
