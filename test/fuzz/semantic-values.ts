import fc from 'fast-check';

/** Random values of the playbook value types, mostly near what users write, often just wrong. */

const pad = (value: number, width: number) => String(value).padStart(width, '0');

const year = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 2025, max: 2028 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1, 1582, 1900, 1969, 1970, 1991, 2000, 2038, 2099, 2100, 2400, 9999) },
);

/** YYYY-MM-DD strings: real days, Feb 29/30, month 13, day 0, and a few badly padded ones. */
export const dateText: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(year, fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`) },
  { weight: 2, arbitrary: fc.constantFrom('2027-02-29', '2028-02-29', '2027-02-30', '2026-04-31', '1900-02-29', '2000-02-29', '2100-02-29', '2026-12-31', '2027-01-01', '9999-12-31', '0000-01-01') },
  { weight: 1, arbitrary: fc.constantFrom('2027-1-5', '27-01-05', '2027/01/05', '2027-01-05T00:00', '20270105', '', '２０２７-０１-０５', '2027-01-05 ') },
);

/** YYYY-MM-DD HH:mm strings, including 24:00, 23:60 and 25:99. */
export const localTimeText: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(dateText, fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 })).map(([date, h, m]) => `${date} ${pad(h, 2)}:${pad(m, 2)}`) },
  { weight: 1, arbitrary: fc.constantFrom('2027-01-22 24:00', '2027-01-22 99:99', '2027-01-22 8:00', '2027-01-22T20:00', '2027-01-22 20:00:00', '2027-01-22', '20:00', '2027-01-22  20:00') },
);

// Time zone transitions (local wall time) where a post or a cron time can fall into a gap or an overlap.
export const DST_EDGES: ReadonlyArray<readonly [zone: string, localTime: string]> = [
  ['America/New_York', '2026-03-08 02:00'], ['America/New_York', '2026-11-01 01:00'], ['America/New_York', '2027-03-14 02:00'],
  ['Europe/London', '2026-03-29 01:00'], ['Europe/London', '2026-10-25 01:00'], ['Europe/Berlin', '2027-03-28 02:00'],
  ['Australia/Lord_Howe', '2026-04-05 01:30'], ['Australia/Lord_Howe', '2026-10-04 02:00'], ['Antarctica/Troll', '2026-03-29 01:00'],
  ['America/Santiago', '2026-09-06 00:00'], ['America/Santiago', '2026-04-04 23:00'], ['America/Havana', '2026-03-08 00:00'],
  ['Pacific/Apia', '2011-12-30 00:00'], ['Asia/Shanghai', '1991-04-14 02:00'], ['Europe/Dublin', '2026-10-25 01:00'],
  ['America/Sao_Paulo', '2018-11-04 00:00'], ['Asia/Gaza', '2026-03-28 02:00'], ['Australia/Sydney', '2026-10-04 02:00'],
];

const INVALID_ZONES = [
  '', ' ', 'UTC', 'utc', 'Z', 'GMT', 'GMT+8', 'UTC+8', 'UTC+08:00', '+08:00', '-0500', 'Etc/GMT-14', 'Etc/GMT+12', 'Etc/GMT+13', 'Asia/Beijing',
  'asia/shanghai', 'ASIA/SHANGHAI', 'America/New York', 'EST', 'EST5EDT', 'CST', 'China Standard Time', 'Local', 'system', '../etc/passwd',
  'Asia/Shanghai ', ' Asia/Shanghai', 'Asia/Shanghai\n', 'Asia//Shanghai', 'Asia/Shanghai/', 'Asia/上海', 'US/Pacific-New', 'America/Argentina/ComodRivadavia',
  'Asia/Calcutta', 'Asia/Kolkata', 'Asia/Kathmandu', 'Pacific/Chatham', 'Pacific/Kiritimati', 'Pacific/Niue', 'Factory', 'x'.repeat(300),
];

/** IANA names (from this runtime), legacy aliases and made-up ones. */
export const timezoneText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...Intl.supportedValuesOf('timeZone')) },
  { weight: 2, arbitrary: fc.constantFrom(...INVALID_ZONES) },
  { weight: 1, arbitrary: fc.constantFrom(...DST_EDGES.map(([zone]) => zone)) },
);

const CRON_FIELDS = {
  minute: ['*', '0', '30', '59', '60', '*/15', '0/5', '5/0', '0-59/7', '5,10', '-1', '1.5', '', 'L', '99999999999999999999'],
  hour: ['*', '0', '1', '2', '3', '12', '23', '24', '1-3', '*/3', '22-2', '0,12', '２'],
  dayOfMonth: ['?', '*', '1', '15', '29', '30', '31', '32', '0', 'L', 'LW', '15W', '31W', '1W', 'L-2', 'L-31', '1-31/10', '5,L', 'W'],
  month: ['*', '1', '2', '12', '13', '0', 'JAN', 'FEB', 'DEC', 'FEB-MAR', 'NOV-FEB', '*/2', 'jan', 'January', '2-1'],
  dayOfWeek: ['?', '*', '1', '7', '8', '0', 'MON-FRI', 'SUN', 'SAT-SUN', 'FRI-MON', '2#1', '6#5', '1#6', '1L', 'L', '7L', 'MON#2', 'MON,WED', 'mon'],
  year: ['*', '2026', '2027', '2026-2030', '1970', '2199', '2200', '1969', '*/4', '2024', '2027-2026', '9999'],
} as const;

const cronSixFields = fc.tuple(
  fc.constantFrom(...CRON_FIELDS.minute), fc.constantFrom(...CRON_FIELDS.hour), fc.constantFrom(...CRON_FIELDS.dayOfMonth),
  fc.constantFrom(...CRON_FIELDS.month), fc.constantFrom(...CRON_FIELDS.dayOfWeek), fc.constantFrom(...CRON_FIELDS.year),
).map((fields) => `cron(${fields.join(' ')})`);

const cronAnyFields = fc.array(
  fc.oneof(fc.constantFrom(...Object.values(CRON_FIELDS).flat()), fc.integer({ min: -5, max: 100 }).map(String), fc.string({ maxLength: 4 })),
  { minLength: 0, maxLength: 9 },
).map((fields) => `cron(${fields.join(' ')})`);

const rateText = fc.tuple(
  fc.constantFrom('0', '1', '2', '5', '-1', '1.5', '59', '60', '1440', '99999999999999999999', '', 'one', '１', '01', '1e3'),
  fc.constantFrom('minute', 'minutes', 'hour', 'hours', 'day', 'days', 'second', 'seconds', 'week', 'weeks', 'Minutes', 'MINUTE', 'min', 'm', '', 'hours days'),
).map(([value, unit]) => `rate(${value} ${unit})`);

const atText = fc.oneof(
  fc.tuple(dateText, fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 }), fc.integer({ min: 0, max: 61 }))
    .map(([date, h, m, s]) => `at(${date}T${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)})`),
  fc.constantFrom('at(2027-01-22T20:00)', 'at(2027-01-22T20:00:00Z)', 'at(2027-01-22T20:00:00+08:00)', 'at(2027-01-22 20:00:00)', 'at()', 'at(now)'),
);

/** EventBridge schedule expressions, from valid to nonsense. */
export const scheduleText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: cronSixFields },
  { weight: 1, arbitrary: cronAnyFields },
  { weight: 2, arbitrary: rateText },
  { weight: 2, arbitrary: atText },
  { weight: 1, arbitrary: fc.constantFrom(
    'cron( 0 10 ? * MON * )', 'CRON(0 10 ? * MON *)', 'cron(0 10 ? * MON *) extra', 'cron((0 10 ? * MON *))', 'cron(0 10 ? * MON *',
    'cron(0 18 ? * TUE', 'rate(1 hour', 'rate()', 'rate(1)', 'cron()', 'cron', '0 10 * * *', '@daily', 'every day', 'at(', '(', ')',
  ) },
);

/** Ids: the sample's own (so references resolve), typos of them, edge-length and malformed ones. */
export function idText(known: readonly string[]): fc.Arbitrary<string> {
  const typo = fc.tuple(fc.constantFrom(...known), fc.nat(), fc.constantFrom('', 'x', '-', '_', 'A')).map(([id, at, insert]) => {
    const position = at % (id.length + 1);
    return id.slice(0, position) + insert + id.slice(position + (insert === '' ? 1 : 0));
  });
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...known) },
    { weight: 2, arbitrary: typo },
    { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/) },
    { weight: 1, arbitrary: fc.constantFrom('A', '-a', 'a-', 'a_b', 'a'.repeat(63), 'a'.repeat(64), '中文', '', ' ', 'a b', '0', '1e3', 'null', 'a--b', 'é') },
  );
}

const durationText = fc.oneof(
  fc.tuple(fc.constantFrom('0', '1', '2', '30', '999999', '1000000', '-1', '1.5', '01', ''), fc.constantFrom('m', 'h', 'd', 'w', 's', 'y', 'M', 'H', '', 'min')).map(([n, unit]) => `${n}${unit}`),
  fc.constantFrom('P7D', '7 d', '1h30m', 'forever'),
);

const conditionText = fc.oneof(
  fc.tuple(fc.constantFrom('>', '>=', '<', '<=', '==', '!=', '=', '=>', '=<', '<>', '≥', '', '>>'), fc.constantFrom('0', '0.05', '-1', '3', '1e3', '.5', '5.', '99999999999999999999999', 'NaN', 'Infinity', ''), fc.constantFrom('', '%', ' %', '%%'))
    .map(([operator, value, unit]) => `${operator} ${value}${unit}`),
  fc.constantFrom('', '>= ', '20', 'between 1 and 2'),
);

const filePathText = fc.constantFrom(
  '../content/spring-festival-2027/gift-box-teaser.md', '../media/spring-festival-2027/gift-box-cover-a.png', '../media/user-stories/bakery.mp4',
  '../content/missing.md', '../../outside.md', '../../../etc/passwd', '/etc/passwd', 'C:\\Windows\\win.ini', 'c:/x.png', '\\\\server\\share\\x.png',
  'file:///etc/passwd', 'https://example.com/x.png', '', '.', '..', './', '../', '../content/', '../content', 'a\u0000b.md', '%2e%2e/x.md',
  '~/x.md', '../content//spring-festival-2027/./gift-box-teaser.md', '../CONTENT/spring-festival-2027/gift-box-teaser.md', 'x'.repeat(5000),
  '../media/spring-festival-2027/gift-box-cover-a.PNG', '../content/spring-festival-2027/gift-box-teaser.md/', 'workspace.yaml', '../workspace.yaml',
  '../flywheel.schema.json', '../metrics/sample-metrics.csv', '../media/spring-festival-2027/homecoming.mp4',
);

const templateText = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('{{value}}', '{{check.value}}', '{{check.name}}', '{{sop.name}}', '{{unknown}}', '{{ value }}', '{{}}', '{{', '}}', '{{{{value}}}}', '{{value', '{{a.b.c.d}}', '{{__proto__}}', '{{constructor}}'),
);

const textValue = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('最佳', '国家级', '秒杀', '稳赚', 'Acme', 'acme', '私信领取', '第一', '中'.repeat(100_000), 'x'.repeat(300), '', '😀'.repeat(200)),
  // Banned words next to escapes, line breaks and odd spacing: the rule must map them back to source columns.
  fc.constantFrom('第一行\n最佳\t"引号"\\', 'Acme\r\nacme', '  最佳  ', '\u2028国家级\u2029', '😀最佳😀', '最佳'.repeat(500), 'a: 最佳 # 注释', '"最佳"', "'最佳'", '最\u200b佳', 'ＡＣＭＥ acme'),
  fc.tuple(fc.string({ unit: 'grapheme', maxLength: 10 }), fc.constantFrom('最佳', '国家级', '秒杀', 'Acme', 'acme'), fc.string({ unit: 'grapheme', maxLength: 10 }))
    .map(([before, term, after]) => `${before}${term}${after}`),
);

const secretText = fc.constantFrom(
  'secret:flywheel/x', 'env:FLYWHEEL_TOKEN', 'secret:', 'env:', 'env:1X', 'secret:a b', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa',
  'https://open.feishu.cn/open-apis/bot/v2/hook/2a3b4c5d-1234-5678-9abc-def012345678', 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB', 'sk-proj-abcdefghijklmnopqrstuvwx', 'x'.repeat(600),
);

const numberValue = fc.oneof(
  fc.double(), fc.integer(), fc.constantFrom(0, -1, 1, 0.5, 1e308, Number.MAX_SAFE_INTEGER + 2, Number.NaN, Number.POSITIVE_INFINITY, -0),
  fc.constantFrom('10%', '0%', '100%', '1000%', '-5%', '1.5%', 'ten'),
);

const enumText = fc.constantFrom(
  'wechat-oa', 'douyin', 'xiaohongshu', 'bilibili', 'weibo', 'zhihu', 'wecom-group', 'mastodon', 'bluesky', 'x', 'linkedin', 'webhook', 'outbox',
  'wecom-bot', 'feishu-bot', 'dingtalk-bot', 'slack', 'email', 'info', 'warning', 'critical', 'error', 'required', 'none', 'post.failed',
  'check.fired', 'goal.off-track', 'day', 'week', 'month', 'quarter', 'year', 'post', 'sum', 'avg', 'last', 'ratio', 'count', 'percent',
  'cn-ad-law', 'Wechat-OA', 'wechat', 'tiktok', '', 'Workspace', 'Campaign', 'SOP', 'Goal', 'Check', 'flywheel/v1', 'flywheel/v2',
);

const metricText = fc.constantFrom(
  'views', 'likes', 'interaction_rate', 'followers', 'follower_gain', 'negative_mentions', 'repurchase_rate', 'seed_users', 'unknown_metric',
  'Views', 'interaction-rate', '', '_x', 'a'.repeat(64), 'engagements', 'revenue',
);

/** The value kinds a mutation can write, keyed by the kind of field it lands on. */
export type SemanticKind =
  | 'date' | 'local-time' | 'timezone' | 'schedule' | 'id' | 'duration' | 'condition' | 'file' | 'template' | 'text' | 'secret'
  | 'number' | 'enum' | 'metric';

export const SEMANTIC_KINDS: readonly SemanticKind[] = [
  'date', 'local-time', 'timezone', 'schedule', 'id', 'duration', 'condition', 'file', 'template', 'text', 'secret', 'number', 'enum', 'metric',
];

/** One candidate value of every kind, so a mutation can pick the one that fits its field (or deliberately not). */
export function semanticValues(knownIds: readonly string[]): fc.Arbitrary<Record<SemanticKind, unknown>> {
  return fc.record({
    date: dateText, 'local-time': localTimeText, timezone: timezoneText, schedule: scheduleText, id: idText(knownIds),
    duration: durationText, condition: conditionText, file: filePathText, template: templateText, text: textValue,
    secret: secretText, number: numberValue, enum: enumText, metric: metricText,
  });
}

/** Which kind of value a field holds, by its key (list items use the list's key). */
export const FIELD_KINDS: Readonly<Record<string, SemanticKind>> = {
  at: 'local-time', start: 'date', end: 'date', date: 'date', timezone: 'timezone', schedule: 'schedule',
  id: 'id', name: 'id', owner: 'id', sop: 'id', check: 'id', channels: 'id', notify: 'id', approvedBy: 'id', channel: 'id',
  campaign: 'id', post: 'id', variant: 'id', after: 'duration', window: 'duration', remindBefore: 'duration',
  condition: 'condition', target: 'condition', threshold: 'condition', file: 'file', message: 'template', title: 'text', body: 'text',
  tags: 'text', alt: 'text', description: 'text', credentials: 'secret', url: 'secret', secret: 'secret', weight: 'number',
  baseline: 'number', for: 'number', value: 'number', tolerance: 'number', platform: 'enum', type: 'enum', severity: 'enum',
  review: 'enum', event: 'enum', period: 'enum', per: 'enum', aggregate: 'enum', unit: 'enum', kind: 'enum', apiVersion: 'enum',
  presets: 'enum', metric: 'metric',
};
