import type { CheckState, KeyResultStatus } from '../../core/index';
import type { PauseState } from './pause';

/** A key result's status with the numbers behind it, as of an instant. */
export interface KeyResultReport {
  readonly status: KeyResultStatus;
  readonly at: number;
  readonly value?: number;
  readonly expected?: number;
  readonly forecast?: number;
}

/**
 * What the handlers remember between runs. The simulator keeps it in memory; the local runner
 * and the Lambdas keep it in DynamoDB (functions/store).
 */
export interface EngineState {
  getCheckState(check: string): Promise<CheckState | undefined>;
  putCheckState(check: string, state: CheckState): Promise<void>;
  getKeyResultStatus(goal: string, keyResult: string): Promise<KeyResultStatus | undefined>;
  putKeyResultStatus(goal: string, keyResult: string, status: KeyResultReport): Promise<void>;
  /** Claims a publish by its idempotency key; false when it was claimed before (never publish twice). */
  claimPublish(key: string): Promise<boolean>;
  /** A person's acknowledgement of a firing check (`flywheel ack`): its `unlessResolved` steps stop. */
  getAcknowledgement(check: string): Promise<Acknowledgement | undefined>;
  /** Records one; undefined clears it (the check fired anew or resolved). */
  putAcknowledgement(check: string, acknowledgement: Acknowledgement | undefined): Promise<void>;
  /** The workspace's pause: what it holds and the posts held so far. */
  getPause(): Promise<PauseState | undefined>;
  putPause(pause: PauseState): Promise<void>;
}

/** Who acknowledged a firing check, when, and why. */
export interface Acknowledgement {
  readonly at: number;
  readonly by?: string;
  readonly note?: string;
}

/** EngineState in memory, for simulations and tests. */
export class MemoryEngineState implements EngineState {
  private readonly checks = new Map<string, CheckState>();
  private readonly statuses = new Map<string, KeyResultStatus>();
  private readonly claims = new Set<string>();
  private pause: PauseState | undefined;
  private readonly acknowledgements = new Map<string, Acknowledgement>();

  async getAcknowledgement(check: string): Promise<Acknowledgement | undefined> {
    return this.acknowledgements.get(check);
  }

  async putAcknowledgement(check: string, acknowledgement: Acknowledgement | undefined): Promise<void> {
    if (acknowledgement) this.acknowledgements.set(check, acknowledgement);
    else this.acknowledgements.delete(check);
  }

  async getPause(): Promise<PauseState | undefined> {
    return this.pause;
  }

  async putPause(pause: PauseState): Promise<void> {
    this.pause = pause;
  }

  async getCheckState(check: string): Promise<CheckState | undefined> {
    return this.checks.get(check);
  }

  async putCheckState(check: string, state: CheckState): Promise<void> {
    this.checks.set(check, state);
  }

  async getKeyResultStatus(goal: string, keyResult: string): Promise<KeyResultStatus | undefined> {
    return this.statuses.get(`${goal}/${keyResult}`);
  }

  async putKeyResultStatus(goal: string, keyResult: string, report: KeyResultReport): Promise<void> {
    this.statuses.set(`${goal}/${keyResult}`, report.status);
  }

  async claimPublish(key: string): Promise<boolean> {
    if (this.claims.has(key)) return false;
    this.claims.add(key);
    return true;
  }
}
