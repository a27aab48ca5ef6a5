import { text, type LocalizedText } from '../diagnostics';

// Every message says how to fix the problem, in English and Simplified Chinese.

/** Messages about the expression as a whole: wrapper, keyword, parentheses. */
export const expressionMessages = {
  empty: text(
    'The schedule is empty: write cron(...), rate(...) or at(...), e.g. cron(0 10 * * ? *)',
    '计划表达式为空：请写 cron(...)、rate(...) 或 at(...)，例如 cron(0 10 * * ? *)',
  ),
  surroundingSpace: text(
    "Remove the spaces around the expression: AWS rejects ' rate(10 minutes)'",
    "请删除表达式前后的空格：AWS 不接受 ' rate(10 minutes)'",
  ),
  notWrapped: (suggestion: string): LocalizedText => text(
    `Write the schedule as cron(...), rate(...) or at(...), e.g. ${suggestion}`,
    `请把计划写成 cron(...)、rate(...) 或 at(...)，例如 ${suggestion}`,
  ),
  changeTo: (expression: string): LocalizedText => text(`Change to ${expression}`, `改为 ${expression}`),
  missingCloseParen: text("Add the closing ')'", "请补上右括号 ')'"),
  textAfterParen: text("Remove the text after ')': the expression ends there", "请删除 ')' 之后的内容：表达式到此结束"),
  unknownType: (keyword: string): LocalizedText => text(
    `Unknown schedule type '${keyword}': use cron(...), rate(...) or at(...)`,
    `未知的计划类型 '${keyword}'：请使用 cron(...)、rate(...) 或 at(...)`,
  ),
  keywordCase: (keyword: string): LocalizedText => text(
    `Write '${keyword.toLowerCase()}' in lower case as AWS documents it; '${keyword}' may be rejected`,
    `请按 AWS 文档写成小写 '${keyword.toLowerCase()}'；'${keyword}' 可能被拒绝`,
  ),
};

/** Messages about rate(value unit). */
export const rateMessages = {
  innerSpace: text(
    'Remove the spaces inside the parentheses: AWS rejects rate( 10 minutes )',
    '请删除括号内侧的空格：AWS 不接受 rate( 10 minutes )',
  ),
  missingUnit: (value: string): LocalizedText => text(
    `Add a unit: rate(${value} minutes), rate(${value} hours) or rate(${value} days)`,
    `请加上单位：rate(${value} minutes)、rate(${value} hours) 或 rate(${value} days)`,
  ),
  missingValue: text('Write a value and a unit, e.g. rate(15 minutes)', '请写出数值和单位，例如 rate(15 minutes)'),
  extra: text(
    'Remove this: a rate has only a value and a unit, e.g. rate(15 minutes)',
    '请删除这部分：rate 只有数值和单位，例如 rate(15 minutes)',
  ),
  notWholeNumber: (suggestion: string | null): LocalizedText => text(
    `The value must be a whole number${suggestion ? `: use ${suggestion}` : ', e.g. rate(90 minutes)'}`,
    `数值必须是整数${suggestion ? `：请改用 ${suggestion}` : '，例如 rate(90 minutes)'}`,
  ),
  notPositive: text('The value must be 1 or more, e.g. rate(1 minute)', '数值必须大于等于 1，例如 rate(1 minute)'),
  seconds: text(
    'EventBridge Scheduler runs at most once a minute: use rate(1 minute) or a longer rate',
    'EventBridge Scheduler 最多每分钟运行一次：请使用 rate(1 minute) 或更长的间隔',
  ),
  longerUnit: (unit: string, suggestion: string): LocalizedText => text(
    `'${unit}' is not a rate unit: use minutes, hours or days, e.g. ${suggestion}`,
    `'${unit}' 不是有效的单位：请使用 minutes、hours 或 days，例如 ${suggestion}`,
  ),
  unknownUnit: (unit: string): LocalizedText => text(
    `Unknown unit '${unit}': use minute(s), hour(s) or day(s), e.g. rate(15 minutes)`,
    `未知的单位 '${unit}'：请使用 minute(s)、hour(s) 或 day(s)，例如 rate(15 minutes)`,
  ),
  unitCase: (unit: string): LocalizedText => text(
    `Write the unit in lower case ('${unit.toLowerCase()}'); AWS may reject '${unit}'`,
    `请把单位写成小写（'${unit.toLowerCase()}'）；'${unit}' 可能被拒绝`,
  ),
  numberAgreement: (fixed: string): LocalizedText => text(
    `Use '${fixed}' here: EventBridge rules reject rate(1 minutes) and rate(5 minute), and Scheduler may too`,
    `这里请用 '${fixed}'：EventBridge 规则不接受 rate(1 minutes) 和 rate(5 minute)，Scheduler 也可能不接受`,
  ),
  extraSpaces: text(
    'Use a single space between the value and the unit; AWS may reject more',
    '数值和单位之间请只用一个空格；多个空格可能被 AWS 拒绝',
  ),
};

/** Messages about at(yyyy-mm-ddThh:mm:ss). */
export const atMessages = {
  format: (suggestion: string): LocalizedText => text(
    `Write the time as at(yyyy-mm-ddThh:mm:ss): use ${suggestion}`,
    `请按 at(yyyy-mm-ddThh:mm:ss) 格式书写：请改用 ${suggestion}`,
  ),
  zoneSuffix: (suffix: string, suggestion: string): LocalizedText => text(
    `Remove '${suffix}': at() takes a local time and the zone comes from the schedule's time zone; use ${suggestion}`,
    `请删除 '${suffix}'：at() 使用本地时间，时区由计划的时区设置决定；请改用 ${suggestion}`,
  ),
  outOfRange: (part: LocalizedText, value: number, range: string): LocalizedText => text(
    `${part.en} ${value} does not exist: use ${range}`,
    `${part.zh} ${value} 不存在：请使用 ${range}`,
  ),
  noSuchDay: (yearMonth: string, days: number, day: number): LocalizedText => text(
    `${yearMonth} has ${days} days, so day ${day} does not exist: use 01-${days}`,
    `${yearMonth} 只有 ${days} 天，没有 ${day} 日：请使用 01-${days}`,
  ),
  partNames: {
    month: text('Month', '月份'),
    hour: text('Hour', '小时'),
    minute: text('Minute', '分钟'),
    second: text('Second', '秒'),
  },
};

/** Messages about cron fields. */
export const cronMessages = {
  empty: text(
    'Write the 6 cron fields: cron(minutes hours day-of-month month day-of-week year), e.g. cron(0 10 * * ? *)',
    '请写出 6 个 cron 字段：cron(分钟 小时 日 月 星期 年)，例如 cron(0 10 * * ? *)',
  ),
  innerSpace: text(
    'Remove the spaces inside the parentheses: AWS rejects them in rate( ... ) and may here too',
    '请删除括号内侧的空格：AWS 在 rate( ... ) 中不接受，这里也可能不接受',
  ),
  fieldSpacing: text(
    'Separate the fields with a single space as AWS documents; AWS may reject more spaces or tabs',
    '请按 AWS 文档用单个空格分隔字段；多个空格或制表符可能被 AWS 拒绝',
  ),
  fieldCount: (count: number, suggestion: string): LocalizedText => text(
    `AWS cron has 6 fields (minutes hours day-of-month month day-of-week year) but this has ${count}${count === 7 ? ' (there is no seconds field)' : ''}: e.g. ${suggestion}`,
    `AWS cron 需要 6 个字段（分钟 小时 日 月 星期 年），这里有 ${count} 个${count === 7 ? '（没有秒字段）' : ''}：例如 ${suggestion}`,
  ),
  questionMarkNotAllowed: (field: LocalizedText): LocalizedText => text(
    `? is only allowed in day-of-month or day-of-week: use * in the ${field.en} field`,
    `? 只能用于日或星期字段：${field.zh}字段请使用 *`,
  ),
  bothDaysSet: (suggestion: string): LocalizedText => text(
    `day-of-month and day-of-week cannot both be set: use ? in one of them, e.g. ${suggestion}`,
    `日和星期不能同时指定：请在其中一个字段使用 ?，例如 ${suggestion}`,
  ),
  bothDaysUnset: (suggestion: string): LocalizedText => text(
    `day-of-month and day-of-week cannot both be ?: set one of them, e.g. ${suggestion}`,
    `日和星期不能同时为 ?：请指定其中一个，例如 ${suggestion}`,
  ),
  emptyItem: text('Empty list item: remove the extra comma', '列表中有空项：请删除多余的逗号'),
  unreadable: (field: LocalizedText, token: string, example: string): LocalizedText => text(
    `Cannot read '${token}' in the ${field.en} field: write e.g. ${example}`,
    `无法识别${field.zh}字段中的 '${token}'：请写成例如 ${example}`,
  ),
  outOfRange: (field: LocalizedText, value: number, min: number, max: number): LocalizedText => text(
    `${field.en} ${value} is out of range: use ${min}-${max}`,
    `${field.zh} ${value} 超出范围：请使用 ${min}-${max}`,
  ),
  weekdayZero: text(
    'Day-of-week 0 does not exist in AWS cron (1 = SUN … 7 = SAT; Unix cron counts 0 = Sunday): write the days as names, SUN for Sunday',
    'AWS cron 的星期没有 0（1 = 周日 … 7 = 周六；Unix cron 才以 0 = 周日计数）：请把星期写成英文缩写，周日写 SUN',
  ),
  unknownName: (field: LocalizedText, token: string, names: readonly string[]): LocalizedText => {
    const close = names.find((name) => token.toUpperCase().startsWith(name));
    const hint = close ? `'${close}'` : `${names[0]}-${names[names.length - 1]}`;
    return text(
      `Unknown ${field.en} name '${token}': use ${hint}`,
      `无法识别的${field.zh}名称 '${token}'：请使用 ${hint}`,
    );
  },
  namesNotAllowed: (field: LocalizedText, min: number, max: number): LocalizedText => text(
    `Names are not allowed in the ${field.en} field: use numbers ${min}-${max}`,
    `${field.zh}字段不能使用名称：请使用数字 ${min}-${max}`,
  ),
  nameCase: (token: string): LocalizedText => text(
    `Write '${token.toUpperCase()}' in upper case as AWS documents it; '${token}' may be rejected`,
    `请按 AWS 文档写成大写 '${token.toUpperCase()}'；'${token}' 可能被拒绝`,
  ),
  lastNotAllowed: text(
    'L is only allowed in day-of-month (L = last day) or day-of-week (6L = last Friday)',
    'L 只能用于日（L = 最后一天）或星期（6L = 最后一个周五）字段',
  ),
  weekdayNotAllowed: text(
    'W is only allowed in day-of-month (15W = the weekday nearest the 15th)',
    'W 只能用于日字段（15W = 离 15 日最近的工作日）',
  ),
  hashNotAllowed: text(
    '# is only allowed in day-of-week (3#2 = the second Tuesday)',
    '# 只能用于星期字段（3#2 = 第二个周二）',
  ),
  slashInDayOfWeek: text(
    'AWS does not list / for day-of-week, so it may be rejected: use a list such as MON,WED,FRI',
    'AWS 未列出星期字段可用 /，可能被拒绝：请改用列表，例如 MON,WED,FRI',
  ),
  stepZero: text('The step after / must be 1 or more, e.g. 0/15', '/ 后的步长必须大于等于 1，例如 0/15'),
  minuteStepTooLarge: (step: number): LocalizedText => text(
    `A step of ${step} minutes never repeats within an hour and AWS rejects it: use 1-59, or rate(${step} minutes)`,
    `${step} 分钟的步长在一小时内不会重复，AWS 不接受：请使用 1-59，或改用 rate(${step} minutes)`,
  ),
  stepBeyondField: (field: LocalizedText, step: number): LocalizedText => text(
    `A step of ${step} is larger than the ${field.en} field, so only the start value runs; AWS may reject it`,
    `步长 ${step} 超过${field.zh}字段的范围，只会在起始值运行；AWS 可能不接受`,
  ),
  hashWithList: text(
    "With # the day-of-week field can hold only one expression ('3#1,6#3' is invalid): use one schedule per weekday",
    "使用 # 时星期字段只能有一个表达式（'3#1,6#3' 无效）：请为每个星期几分别建计划",
  ),
  nthOutOfRange: (nth: number): LocalizedText => text(
    `#${nth} never runs: a month has at most 5 of each weekday, so use #1-#5; AWS may reject it`,
    `#${nth} 永远不会运行：每月同一星期几最多 5 次，请使用 #1-#5；AWS 可能不接受`,
  ),
  lastInList: text(
    'L combined with other values in one field is not documented by AWS and may be rejected: use a separate schedule',
    'AWS 未说明 L 可与其他值组合使用，可能被拒绝：请另建一个计划',
  ),
  weekdayInList: text(
    'W combined with other values is not documented by AWS and may be rejected: use a separate schedule',
    'AWS 未说明 W 可与其他值组合使用，可能被拒绝：请另建一个计划',
  ),
  weekdayNeedsOneDay: text(
    'W needs a single day before it, e.g. 15W or LW (not a range or a step)',
    'W 前面只能是单个日期，例如 15W 或 LW（不能是范围或步长）',
  ),
  lastOffset: text(
    'L-n (n days before the last day) is not documented by AWS and may be rejected',
    'AWS 未说明 L-n（最后一天之前 n 天）的写法，可能被拒绝',
  ),
  yearBackwards: (from: number, to: number): LocalizedText => text(
    `The year range ${from}-${to} goes backwards, so it never runs: write ${to}-${from}`,
    `年份范围 ${from}-${to} 是倒序的，永远不会运行：请写成 ${to}-${from}`,
  ),
  numericWeekday: (field: string, days: LocalizedText, names: string, unix: { names: string; days: LocalizedText } | undefined): LocalizedText => text(
    `Day-of-week ${field} means ${days.en} in AWS cron, which counts 1 = SUN … 7 = SAT.${unix ? ` Unix cron counts 0 = Sunday, so ${field} was probably meant as ${unix.names} (${unix.days.en}).` : ''} Write the days as names: ${names} keeps this meaning${unix ? `, ${unix.names} is ${unix.days.en}` : ''}`,
    `AWS cron 的星期从 1 = 周日数到 7 = 周六，所以星期 ${field} 表示${days.zh}。${unix ? `Unix cron 以 0 = 周日计数，${field} 很可能本想表示 ${unix.names}（${unix.days.zh}）。` : ''}请把星期写成英文缩写：${names} 保持现在的含义${unix ? `，${unix.names} 表示${unix.days.zh}` : ''}`,
  ),
  sameWeekdaysFix: (expression: string): LocalizedText => text(
    `Change to ${expression} (the same days, as names)`,
    `改为 ${expression}（日期不变，写成英文缩写）`,
  ),
  unixWeekdaysFix: (expression: string, days: LocalizedText): LocalizedText => text(
    `Change to ${expression} (${days.en}, as Unix cron reads the numbers)`,
    `改为 ${expression}（${days.zh}，即 Unix cron 的含义）`,
  ),
  neverRuns: (maxDays: number): LocalizedText => text(
    `This never runs: the selected months have at most ${maxDays} days`,
    `永远不会运行：所选月份最多只有 ${maxDays} 天`,
  ),
};
