import { randomUUID } from 'node:crypto';

/** A message as the queue holds it. */
interface QueueMessage {
  readonly messageId: string;
  readonly body: string;
  receiveCount: number;
  /** The receipt handle of the current receive; an older handle no longer deletes it. */
  receipt?: string;
  timer?: NodeJS.Timeout;
}

/** One message handed to a consumer. */
export interface Delivery {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  readonly receiveCount: number;
}

/**
 * An SQS standard queue as the publish consumer's event source mapping sees it: receive takes up
 * to 10 visible messages and hides them for the visibility timeout; a message not deleted by
 * then (its batch item failed, or its consumer crashed) becomes visible again and is delivered
 * again; a message received more than maxReceiveCount times goes to the queue's dead-letter
 * list instead (the redrive policy). New messages are taken in order, redeliveries first.
 */
export class SimulatedQueue {
  private readonly ready: QueueMessage[] = [];
  private head = 0;
  private readonly inFlight = new Map<string, QueueMessage>();
  private delayed = 0;
  /** Messages moved by the redrive policy (received too often). */
  readonly redriven: Array<{ messageId: string; body: string; receiveCount: number }> = [];
  sent = 0;
  deleted = 0;
  redeliveries = 0;

  constructor(private readonly visibilityMs: number, private readonly maxReceiveCount: number) {}

  /** Sends a message now, or after delayMs; messageId repeats for a duplicate delivery of the same message. */
  send(body: string, options: { messageId?: string; delayMs?: number } = {}): string {
    const message: QueueMessage = { messageId: options.messageId ?? randomUUID(), body, receiveCount: 0 };
    this.sent += 1;
    if (options.delayMs) {
      this.delayed += 1;
      setTimeout(() => {
        this.delayed -= 1;
        this.ready.push(message);
      }, options.delayMs).unref();
    } else {
      this.ready.push(message);
    }
    return message.messageId;
  }

  /** Up to `max` visible messages, hidden for the visibility timeout from now. */
  receive(max = 10): Delivery[] {
    const batch: Delivery[] = [];
    while (batch.length < max && this.head < this.ready.length) {
      const message = this.ready[this.head] as QueueMessage;
      this.head += 1;
      if (message.receiveCount >= this.maxReceiveCount) {
        this.redriven.push({ messageId: message.messageId, body: message.body, receiveCount: message.receiveCount });
        continue;
      }
      message.receiveCount += 1;
      if (message.receiveCount > 1) this.redeliveries += 1;
      const receipt = randomUUID();
      message.receipt = receipt;
      message.timer = setTimeout(() => this.expire(receipt), this.visibilityMs);
      this.inFlight.set(receipt, message);
      batch.push({ messageId: message.messageId, receiptHandle: receipt, body: message.body, receiveCount: message.receiveCount });
    }
    if (this.head > 4096 && this.head * 2 > this.ready.length) {
      this.ready.splice(0, this.head);
      this.head = 0;
    }
    return batch;
  }

  /** Deletes a received message (its consumer succeeded); false when the receipt is stale. */
  delete(receiptHandle: string): boolean {
    const message = this.inFlight.get(receiptHandle);
    if (!message) return false;
    clearTimeout(message.timer);
    this.inFlight.delete(receiptHandle);
    this.deleted += 1;
    return true;
  }

  /**
   * The visibility timeout ran out: the message is visible again, ahead of the backlog (SQS
   * promises no order; taking it next makes the redelivery come at the visibility timeout, so
   * the timing between redeliveries and abandoned claims is the configured one, not the backlog's).
   */
  private expire(receipt: string): void {
    const message = this.inFlight.get(receipt);
    if (!message) return;
    this.inFlight.delete(receipt);
    if (this.head > 0) {
      this.head -= 1;
      this.ready[this.head] = message;
    } else {
      this.ready.unshift(message);
    }
  }

  /** Messages visible now. */
  get visible(): number {
    return this.ready.length - this.head;
  }

  /** True when nothing is visible, in flight or delayed: every message was deleted or redriven. */
  get drained(): boolean {
    return this.visible === 0 && this.inFlight.size === 0 && this.delayed === 0;
  }

  /** Stops the visibility timers (at the end of a run). */
  close(): void {
    for (const message of this.inFlight.values()) clearTimeout(message.timer);
  }
}
