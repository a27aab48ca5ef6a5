import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { EventBusPublisher } from '../bus/event-bus';

/** The bus publisher for FLYWHEEL_BUS (`AWS_ENDPOINT_URL_EVENTBRIDGE` points it at a local server in tests). */
export function busFromEnv(busName: string, client: EventBridgeClient = new EventBridgeClient({})): EventBusPublisher {
  return new EventBusPublisher({ client, busName });
}
