import { describe, expect, it } from 'vitest';
import { EnvironmentError, readHandlerEnv } from './env';

describe('readHandlerEnv', () => {
  const tick = {
    FLYWHEEL_TABLE: 'flywheel', FLYWHEEL_BUNDLE_FILE: '/var/task/flywheel-bundle.json',
    FLYWHEEL_PUBLISH_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/111122223333/publish',
    FLYWHEEL_CHECK_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/111122223333/check',
    FLYWHEEL_TRACK_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/111122223333/track',
    FLYWHEEL_SOP_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/111122223333/sop',
  };

  it('returns the variables of a complete environment', () => {
    expect(readHandlerEnv('tick', tick)).toEqual(tick);
    expect(readHandlerEnv('publish', { ...tick, FLYWHEEL_BUS: 'bus', FLYWHEEL_DLQ_URL: tick.FLYWHEEL_SOP_QUEUE_URL }).FLYWHEEL_SECRET_PREFIX).toBe('');
  });

  it('names every missing and malformed variable and says where the list is', () => {
    const failure = (() => {
      try {
        readHandlerEnv('tick', { ...tick, FLYWHEEL_TABLE: ' ', FLYWHEEL_SOP_QUEUE_URL: 'sop-queue' });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(failure).toBeInstanceOf(EnvironmentError);
    expect((failure as EnvironmentError).variables).toEqual(['FLYWHEEL_TABLE', 'FLYWHEEL_SOP_QUEUE_URL']);
    expect((failure as Error).message).toContain('FLYWHEEL_TABLE is not set');
    expect((failure as Error).message).toContain('FLYWHEEL_SOP_QUEUE_URL is malformed');
    expect((failure as Error).message).toContain('functions/lambda/README.md');
  });
});
