export {
  BUS_SOURCE, BusDetailSchemas, BusEnvelopeSchema, DETAIL_TYPE_OF, parseBusEnvelope, toBusEvent, type BusDetail, type BusEvent, type DetailType,
} from './detail-types';
export {
  BusPublishError, EventBusPublisher, MAX_BYTES_PER_CALL, MAX_ENTRIES_PER_CALL, batchEntries, entrySize, type EventBusPublisherOptions, type RejectedEntry,
} from './event-bus';
