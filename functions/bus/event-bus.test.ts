import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../engine/index';
import { LOCAL_AWS } from '../../test/lambda/support/aws-json-server';
import { startLocalEventBridge, type LocalEventBridge } from '../../test/lambda/support/local-aws';
import { BusDetailSchemas, DETAIL_TYPE_OF, parseBusEnvelope, toBusEvent } from './detail-types';
import { BusPublishError, EventBusPublisher, batchEntries } from './event-bus';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const AT = Date.UTC(2026, 8, 10, 12, 0);

function checkFired(index: number): EngineEvent {
  return { type: 'check.fired', at: AT, check: `check-${index}`, value: index };
}

let bus: LocalEventBridge | undefined;
afterEach(async () => {
  await bus?.stop();
  bus = undefined;
});

function publisherFor(server: LocalEventBridge, options: { maxAttempts?: number } = {}) {
  const client = new EventBridgeClient({ endpoint: server.endpoint, ...LOCAL_AWS, maxAttempts: 1 });
  const delays: number[] = [];
  const publisher = new EventBusPublisher({
    client, busName: 'flywheel-bus', ...options,
    sleep: async (milliseconds) => { delays.push(milliseconds); },
    random: () => 0.5,
  });
  return { publisher, delays };
}

describe('EventBusPublisher against a local PutEvents server', () => {
  it('puts 23 events in calls of 10, 10 and 3, on the named bus with source flywheel', async () => {
    // Prepare
    bus = await startLocalEventBridge();
    const { publisher } = publisherFor(bus);
    // Act
    const sent = await publisher.publishEngineEvents(Array.from({ length: 23 }, (_, index) => checkFired(index)));
    // Assess
    expect(sent).toBe(23);
    expect(bus.calls.map((call) => (call.input.Entries as unknown[]).length)).toEqual([10, 10, 3]);
    expect(bus.accepted.map((event) => event.detail.check)).toEqual(Array.from({ length: 23 }, (_, index) => `check-${index}`));
    expect(bus.accepted[0]).toMatchObject({ source: 'flywheel', detailType: 'flywheel.check.fired', busName: 'flywheel-bus', time: AT });
    expect(bus.accepted[0]?.detail).toEqual({ at: '2026-09-10T12:00:00.000Z', check: 'check-0', value: 0 });
  });

  it('sends again only the entries of a partial failure, with backoff, until they are taken', async () => {
    // Prepare: entries 2 and 5 fail with InternalFailure on the first call, 5 also on the second.
    bus = await startLocalEventBridge((entry, call) => {
      const check = (JSON.parse(entry.Detail ?? '{}') as { check?: string }).check;
      if (call === 1 && (check === 'check-2' || check === 'check-5')) return 'InternalFailure';
      if (call === 2 && check === 'check-5') return 'ThrottlingException';
      return undefined;
    });
    const { publisher, delays } = publisherFor(bus);
    // Act
    const sent = await publisher.publishEngineEvents(Array.from({ length: 7 }, (_, index) => checkFired(index)));
    // Assess
    expect(sent).toBe(7);
    const retried = bus.calls.map((call) => (call.input.Entries as Array<{ Detail: string }>).map((entry) => (JSON.parse(entry.Detail) as { check: string }).check));
    expect(retried).toEqual([
      ['check-0', 'check-1', 'check-2', 'check-3', 'check-4', 'check-5', 'check-6'],
      ['check-2', 'check-5'],
      ['check-5'],
    ]);
    expect(delays).toEqual([50, 100]);
    expect(bus.accepted.map((event) => event.detail.check).sort()).toEqual(Array.from({ length: 7 }, (_, index) => `check-${index}`).sort());
  });

  it('gives up after the attempt budget with an error naming what was lost, after delivering the rest', async () => {
    // Prepare
    bus = await startLocalEventBridge((entry) => ((JSON.parse(entry.Detail ?? '{}') as { check?: string }).check === 'check-1' ? 'InternalFailure' : undefined));
    const { publisher } = publisherFor(bus, { maxAttempts: 3 });
    // Act
    const failure = await publisher.publishEngineEvents([checkFired(0), checkFired(1), checkFired(2)]).catch((error: unknown) => error);
    // Assess
    expect(failure).toBeInstanceOf(BusPublishError);
    expect((failure as BusPublishError).rejected).toEqual([{ detailType: 'flywheel.check.fired', errorCode: 'InternalFailure', errorMessage: 'InternalFailure (local fault)' }]);
    expect((failure as BusPublishError).sent).toBe(2);
    expect(bus.calls).toHaveLength(3);
    expect((failure as Error).message).toContain('1 event(s) could not be put on the event bus');
  });

  it('does not retry an entry the bus refuses for good (AccessDenied)', async () => {
    // Prepare
    bus = await startLocalEventBridge(() => 'AccessDeniedException');
    const { publisher } = publisherFor(bus);
    // Act
    const failure = await publisher.publishEngineEvents([checkFired(0)]).catch((error: unknown) => error);
    // Assess
    expect(failure).toBeInstanceOf(BusPublishError);
    expect(bus.calls).toHaveLength(1);
  });
});

describe('detail-types', () => {
  it('maps every engine event type to a detail-type with a schema', () => {
    for (const detailType of Object.values(DETAIL_TYPE_OF)) expect(BusDetailSchemas[detailType]).toBeDefined();
    expect(Object.keys(DETAIL_TYPE_OF).sort()).toEqual(['ab.verdict', 'check.acknowledged', 'check.fired', 'check.no-data', 'check.resolved', 'goal.status', 'notify', 'post.blocked', 'post.failed', 'post.handed-off', 'post.held', 'post.publish', 'post.unconfirmed', 'sop.step']);
  });

  it('names the contract detail-types', () => {
    const names = Object.keys(BusDetailSchemas);
    for (const required of ['flywheel.post.published', 'flywheel.post.failed', 'flywheel.post.unconfirmed', 'flywheel.post.blocked', 'flywheel.check.fired', 'flywheel.check.resolved', 'flywheel.goal.status-changed', 'flywheel.sop.step', 'flywheel.ab.verdict']) {
      expect(names).toContain(required);
    }
  });

  it('refuses an event whose detail does not fit its schema', () => {
    expect(() => toBusEvent({ type: 'check.fired', at: AT, check: 'x', value: Number.NaN })).toThrow();
  });

  it('parses a rule-delivered envelope and rejects another detail-type', () => {
    const envelope = { id: 'e1', source: 'flywheel', 'detail-type': 'flywheel.notify.requested', time: '2026-09-10T12:00:00Z', detail: { at: '2026-09-10T12:00:00.000Z', target: 'ops', message: 'hi' } };
    expect(parseBusEnvelope('flywheel.notify.requested', envelope).detail).toEqual({ at: '2026-09-10T12:00:00.000Z', target: 'ops', message: 'hi' });
    expect(() => parseBusEnvelope('flywheel.sop.step', envelope)).toThrow(/check the rule's event pattern/);
  });

  it('splits batches at 256 KiB as well as at 10 entries', () => {
    const big = { Source: 'flywheel', DetailType: 'x', Detail: 'a'.repeat(100 * 1024) };
    expect(batchEntries([big, big, big, big]).map((batch) => batch.length)).toEqual([2, 2]);
  });
});
