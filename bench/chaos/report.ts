import { passed, type ChaosReport } from './run';

function table(rows: Array<[string, string | number]>): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n');
}

const percent = (part: number, whole: number) => (whole === 0 ? '0 %' : `${((part / whole) * 100).toFixed(2)} %`);

/** The run's result as the console prints it (English with Chinese labels). */
export function formatReport(report: ChaosReport): string {
  const { outcome, platform, queue, crash, options } = report;
  const verdict = passed(report)
    ? `PASS: 0 duplicates, 0 lost, every failure accounted for, all ${outcome.acceptances.total} acceptances reconciled (通过：无重复、无丢失，每个失败都有记录，平台的每次接收都已核对)`
    : 'FAIL: see the problems below (未通过：见下方问题)';
  const lines = [
    ...(report.mutation ? ['', `Injected defect in the code under test: ${report.mutation} (注入的缺陷)`] : []),
    '',
    'Outcome per post (每条内容的结果)',
    table([
      ['posts 内容', outcome.posts],
      ['published 已发布 (accepted exactly once)', outcome.published],
      ['duplicates 重复发布 (accepted more than once)', outcome.duplicates],
      ['lost 丢失', outcome.lost],
      ['dead-lettered 死信', `${outcome.deadLettered} (${outcome.deadLetteredRetryable} marked safe to redrive)`],
      ['unconfirmed 结果未知', `${outcome.unconfirmed} (platform has ${outcome.unconfirmedOnPlatform}; by cause: ${Object.entries(outcome.unconfirmedByCause).map(([cause, count]) => `${cause} ${count}`).join(', ')})`],
      ['blocked 未审批', outcome.blocked],
      ['unaccounted 来源不一致', outcome.unaccounted],
      ['acceptances reconciled 已核对的接收', `${outcome.acceptances.reconciled} of ${outcome.acceptances.total} (under another key than the post's: ${outcome.acceptances.underOtherKeys}; matching no post: ${outcome.acceptances.unmatched})`],
      ['alerts raised 告警', `${outcome.alerts} (at least ${outcome.deadLettered + outcome.unconfirmed} needed)`],
    ]),
    '',
    'Faults injected by the platform (平台注入的故障, per request)',
    table([
      ['requests', platform.requests],
      ['acceptances', platform.acceptances],
      ['429 Retry-After: 0', platform['429']],
      [`429 Retry-After: ${options.retryAfterSeconds}`, platform['429-wait']],
      ['500', platform['500']],
      ['503', platform['503']],
      ['connection reset before acceptance', platform.reset],
      ['400 permanent', platform.permanent],
      ['accepted, then socket destroyed', platform['unknown-destroy']],
      [`accepted, never answered (client timeout ${options.timeoutMs} ms)`, platform['unknown-hang']],
      ['accepted, then the workers were killed (crash)', platform.frozen],
      ['bad signatures', platform.badSignatures],
      ['retries before Retry-After', platform.retryAfterViolations],
    ]),
    '',
    'Queue and workers (队列与消费者)',
    table([
      ['messages sent (tick + duplicates)', queue.sent],
      ['duplicate deliveries', `${queue.duplicatesConcurrent + queue.duplicatesLate} (${queue.duplicatesConcurrent} alongside, ${queue.duplicatesLate} later) = ${percent(queue.duplicatesConcurrent + queue.duplicatesLate, outcome.posts)}`],
      ['redeliveries (visibility timeout)', queue.redeliveries],
      ['batch items failed back', queue.failedItems],
      ['invocations that threw', queue.invocationErrors],
      ['redriven (maxReceiveCount)', `${queue.redriven}${queue.redriven > 0 ? ` (their posts ended: ${Object.entries(report.redrivenOutcomes).map(([outcomeClass, count]) => `${outcomeClass} ${count}`).join(', ')})` : ''}`],
      ['crash', crash ? `SIGKILL of all ${options.workers} workers after ${crash.afterMessages} messages, ${crash.inFlightBatches} batches (${crash.inFlightMessages} messages) in flight, restarted after ${crash.restartedAfterMs} ms` : 'none'],
      ['posts in the killed batches ended', Object.entries(report.crashOutcomes).map(([outcomeClass, count]) => `${outcomeClass} ${count}`).join(', ') || '-'],
      ['the post on the platform at the crash', crash ? `${crash.keyOnPlatform}: ${report.outcome.classOf.get(crash.keyOnPlatform) ?? '?'}` : '-'],
      ['worker starts', report.workerStarts],
      ...(report.restartError ? [['restart error', report.restartError] as [string, string]] : []),
    ]),
    '',
    'Worker log lines by message (消费者日志)',
    table(Object.entries(report.workerLog).sort(([, left], [, right]) => right - left).map(([message, count]) => [message, count])),
    '',
    `Time: setup ${report.seconds.setup.toFixed(1)} s, publish ${report.seconds.publish.toFixed(1)} s, reconcile ${report.seconds.reconcile.toFixed(1)} s, total ${report.seconds.total.toFixed(1)} s`,
    ...(outcome.problems.length > 0 ? ['', 'Problems (问题, up to 20 of each kind):', ...outcome.problems.map((problem) => `  ${problem}`)] : []),
    '',
    verdict,
  ];
  return lines.join('\n');
}
