import type { CheckState, KeyResultStatus } from '../../core/index';
import type { FlywheelStore } from '../store/index';
import type { PauseState } from './pause';
import type { Acknowledgement, EngineState, KeyResultReport } from './state';

/** How long a publish claim counts: longer than any retry horizon (Scheduler retries up to 24 h). */
export const CLAIM_LIFETIME_MS = 30 * 24 * 3_600_000;

/** EngineState in DynamoDB: what the local runner and the Lambdas use. */
export class StoreEngineState implements EngineState {
  private readonly versions = new Map<string, number>();
  private statuses: Map<string, KeyResultStatus> | undefined;

  constructor(private readonly store: FlywheelStore, private readonly now: () => number = Date.now) {}

  async getAcknowledgement(check: string): Promise<Acknowledgement | undefined> {
    return (await this.store.getAcknowledgement(check)) as Acknowledgement | undefined;
  }

  async putAcknowledgement(check: string, acknowledgement: Acknowledgement | undefined): Promise<void> {
    await this.store.putAcknowledgement(check, acknowledgement);
  }

  async getPause(): Promise<PauseState | undefined> {
    return (await this.store.getPause()) as PauseState | undefined;
  }

  async putPause(pause: PauseState): Promise<void> {
    await this.store.putPause(pause);
  }

  async getCheckState(check: string): Promise<CheckState | undefined> {
    const stored = await this.store.getCheckState(check);
    this.versions.set(check, stored?.version ?? 0);
    return stored ? (stored.state as unknown as CheckState) : undefined;
  }

  async putCheckState(check: string, state: CheckState): Promise<void> {
    // The version read just before is the one expected: a concurrent run makes this throw instead of losing an update.
    const version = await this.store.putCheckState(check, { ...state }, this.versions.get(check) ?? 0);
    this.versions.set(check, version);
  }

  async getKeyResultStatus(goal: string, keyResult: string): Promise<KeyResultStatus | undefined> {
    if (!this.statuses) {
      const latest = await this.store.listGoalStatuses();
      this.statuses = new Map(latest.map((status) => [`${status.goal}/${status.keyResult}`, status.status as KeyResultStatus]));
    }
    return this.statuses.get(`${goal}/${keyResult}`);
  }

  async putKeyResultStatus(goal: string, keyResult: string, report: KeyResultReport): Promise<void> {
    await this.store.putGoalStatus({ goal, keyResult, ...report });
    this.statuses?.set(`${goal}/${keyResult}`, report.status);
  }

  /**
   * Claims a publish: true for exactly one caller per key, ever. A claim found without an outcome is
   * not taken again (its holder may have sent the post); the local runner and the publish function
   * settle such a claim as `unconfirmed` themselves.
   */
  async claimPublish(key: string): Promise<boolean> {
    return (await this.store.claimPublish(key, { jobId: key, expiresAt: this.now() + CLAIM_LIFETIME_MS })) === 'claimed';
  }
}
