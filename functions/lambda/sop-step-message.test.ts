import { describe, expect, it } from 'vitest';
import { WorkMessageSchema } from './schemas';

/** A queued SOP step as the tick hands it to the sop consumer. */
const message = (step: Record<string, unknown>) => ({ id: 'sop-step/blocked/alert@20270105T0200Z~post.blocked/launch/draft/site', kind: 'sop-step', dueAt: 1, payload: { step } });

describe('a queued SOP step', () => {
  it('keeps what the event was about through the queue, so its message can name the post', () => {
    const about = { event: 'post.blocked', campaign: 'launch', post: 'draft', channel: 'site' };
    const parsed = WorkMessageSchema.parse(message({ kind: 'sop-step', sop: 'blocked', step: 'alert', at: 1, about }));
    expect(parsed.payload).toEqual({ step: { kind: 'sop-step', sop: 'blocked', step: 'alert', at: 1, about } });
  });

  it('still reads a step queued before steps carried it', () => {
    const parsed = WorkMessageSchema.parse(message({ kind: 'sop-step', sop: 'crisis', step: 'tier-1', at: 1, check: { name: 'spike', value: 30 } }));
    expect(parsed.payload).toEqual({ step: { kind: 'sop-step', sop: 'crisis', step: 'tier-1', at: 1, check: { name: 'spike', value: 30 } } });
  });
});
