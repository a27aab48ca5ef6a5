// Renders docs/glossary.md from core/i18n/glossary.ts, so the page cannot drift from the terms the
// CLI, the language server, the extension and the notifications use (test/zh-first.test.ts checks it).
import { AB_VERDICT_TEXT, CHECK_EVENT_TEXT, EVENT_TEXT, GOAL_STATUS_TEXT, POST_OUTCOME_TEXT, SEVERITY_TEXT, TERMS, type LocalizedText } from '../../core/index';

export const GLOSSARY_PAGE = 'docs/glossary.md';

const SECTIONS: readonly { readonly title: string; readonly table: Readonly<Record<string, LocalizedText>>; readonly name: string }[] = [
  { title: 'Things · 对象', table: TERMS, name: 'TERMS' },
  { title: 'Goal and key result status · 目标和关键结果状态', table: GOAL_STATUS_TEXT, name: 'GOAL_STATUS_TEXT' },
  { title: 'Severity · 级别', table: SEVERITY_TEXT, name: 'SEVERITY_TEXT' },
  { title: 'What happened to a post · 内容的发布结果', table: POST_OUTCOME_TEXT, name: 'POST_OUTCOME_TEXT' },
  { title: 'What a check did · 检查的结果', table: CHECK_EVENT_TEXT, name: 'CHECK_EVENT_TEXT' },
  { title: 'Events that start an SOP (`{{event}}`) · 启动 SOP 的事件', table: EVENT_TEXT, name: 'EVENT_TEXT' },
  { title: 'A/B verdicts · A/B 测试结论', table: AB_VERDICT_TEXT, name: 'AB_VERDICT_TEXT' },
];

/** The glossary page: one table per glossary table, key, English, Chinese. */
export function renderGlossaryPage(): string {
  const lines = [
    '# Glossary · 术语表',
    '',
    '<!-- Generated from core/i18n/glossary.ts by `npm run docs`; edit the terms there. -->',
    '',
    'The one word for each thing Flywheel shows, in English and Chinese: the CLI, the editor,',
    'reports and the messages sent to the team use these and no other. To change a term, change',
    '`core/i18n/glossary.ts` and run `npm run docs`.',
    '',
    'Flywheel 显示的每个概念只有一个中文说法：命令行、编辑器、报告和发到群里的消息都用这里的词。',
    '修改术语请改 `core/i18n/glossary.ts`，然后运行 `npm run docs`。',
    '',
    'How things are written · 书写约定:',
    '',
    '- Things are named by title, by id only when they have none. 有标题的对象显示标题，没有标题才显示 id。',
    '- Numbers follow their metric\'s unit: a ratio as a percentage (0.025 → 2.5%), a count as a whole number (12,346), other units with at most two decimals. 数字按指标单位显示：比率显示为百分比，计数显示为整数，其他单位最多两位小数。',
    '- Messages sent to the team use the workspace\'s `language` (zh-CN by default); a placeholder that cannot be filled is sent as its name in brackets (`[post]`). 发到群里的消息使用工作区的 `language`（默认 zh-CN）；无法填入的占位符显示为方括号中的名称（`[post]`）。',
    '- Chinese text uses full-width punctuation: ，。：；（）「」. 中文使用全角标点。',
  ];
  for (const section of SECTIONS) {
    lines.push('', `## ${section.title}`, '', `\`${section.name}\``, '', '| key | English | 中文 |', '|---|---|---|');
    for (const [key, entry] of Object.entries(section.table)) lines.push(`| \`${key}\` | ${entry.en} | ${entry.zh} |`);
  }
  return `${lines.join('\n')}\n`;
}
