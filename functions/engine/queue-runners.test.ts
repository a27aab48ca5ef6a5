import { describe, expect, it } from 'vitest';
import type { Job } from '../../core/index';
import { runCheckWork, runPublishWork, runSopWork, runTrackWork, type EngineContext, type Occurrence } from './handlers';

// A context the runners must never touch when the occurrence is not theirs.
const untouchable = new Proxy({}, { get: (_target, key) => { throw new Error(`the context was read (${String(key)})`); } }) as EngineContext;
const job = (kind: Job['kind']): Occurrence => ({ kind: 'job', job: { kind, id: `${kind}-1` } as unknown as Job, at: 0 });
const step: Occurrence = { kind: 'sop-step', sop: 'crisis', step: 'escalate', at: 0 };

describe('queue runners', () => {
  it('refuse work of another queue, naming the kind and where the tick sends it', async () => {
    await expect(runPublishWork(untouchable, job('check'))).rejects.toThrow('A check occurrence reached the publish consumer, which does not run it');
    await expect(runCheckWork(untouchable, job('track'))).rejects.toThrow(/A track occurrence reached the check consumer.*QUEUE_OF/);
    await expect(runTrackWork(untouchable, step)).rejects.toThrow('A sop-step occurrence reached the track consumer');
    await expect(runSopWork(untouchable, job('publish'))).rejects.toThrow('A publish occurrence reached the sop consumer');
  });
});
