import { text } from '../../diagnostics';
import type { PlaybookEntry, SourceFile } from '../../load/index';
import type { PathSegment } from '../../load/yaml-document';
import type { Rule, RuleContext } from '../context';
import { findCredential, MAYBE_CREDENTIAL } from '../find-credential';

const BOT_TYPES = new Set(['wecom-bot', 'feishu-bot', 'dingtalk-bot', 'slack']);
const REFERENCE = /^(secret:|env:)/;

/** A name for the secret: the document's name and the id of the item holding the value (its list index without one). */
function secretName(entry: PlaybookEntry, path: readonly PathSegment[], owner: object): string {
  const ownId = (owner as { id?: unknown }).id;
  const id = typeof ownId === 'string' ? ownId : path.length >= 3 ? String(path[path.length - 2]) : 'value';
  return `flywheel/${entry.name}-${id}`.replace(/[^A-Za-z0-9/_+=.@-]/g, '-');
}

/**
 * Walks every string of a document (iteratively: documents can be large) and calls `visit` with
 * the object holding it and its key; the full path is built only for a hit.
 */
function eachString(entry: PlaybookEntry, visit: (value: string, owner: object, key: PathSegment) => void): void {
  const stack: unknown[] = [entry.value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    const children: [PathSegment, unknown][] = Array.isArray(node) ? node.map((item, index) => [index, item]) : Object.entries(node);
    for (const [key, child] of children) {
      if (typeof child === 'string') visit(child, node, key);
      else if (child !== null && typeof child === 'object') stack.push(child);
    }
  }
}

function reportSecret(context: RuleContext, entry: PlaybookEntry, owner: object, path: PathSegment[], what: string): void {
  const name = secretName(entry, path, owner);
  const envName = `FLYWHEEL_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
  context.reportAt(entry.document, path, 'value', 'error', 'flywheel/inline-secret', text(
    `Store this in AWS Secrets Manager and write secret:${name} (locally: env var ${envName}), or env:VAR: it holds a credential (${what}) written inline, which anyone who can read the playbook can use.`,
    `请将其存入 AWS Secrets Manager 并写 secret:${name}（本地：环境变量 ${envName}），或写 env:变量名：此处直接写入了凭据（${what}），任何能读到剧本的人都能使用它。`,
  ), { fixes: [{ title: text(`Replace with secret:${name}`, `替换为 secret:${name}`), span: entry.document.span(path), newText: `secret:${name}` }] });
}

/** The comments of a YAML file: from a `#` that starts a line or follows a blank, outside quotes, to the line's end. */
function commentsOf(source: string): { start: number; text: string }[] {
  const comments: { start: number; text: string }[] = [];
  let lineStart = 0;
  for (const line of source.split('\n')) {
    let quote = '';
    for (let index = 0; index < line.length; index += 1) {
      const char = line[index] as string;
      if (quote !== '') {
        if (char === '\\' && quote === '"') index += 1;
        else if (char === quote) quote = '';
      } else if (char === '#' && (index === 0 || /\s/.test(line[index - 1] as string))) {
        comments.push({ start: lineStart + index, text: line.slice(index).replace(/\r$/, '') });
        break;
      } else if ((char === '"' || char === "'") && (index === 0 || /[\s:[{,-]/.test(line[index - 1] as string))) quote = char;
    }
    lineStart += line.length + 1;
  }
  return comments;
}

/** A credential in a comment: it is in the file as much as a value is. */
function checkComments(context: RuleContext, file: SourceFile): void {
  if (!MAYBE_CREDENTIAL.test(file.text)) return;
  // A `#` line inside a block scalar is text the value check already reported.
  const reported = context.diagnostics.filter((d) => d.code === 'flywheel/inline-secret' && d.file === file.path);
  for (const comment of commentsOf(file.text)) {
    const what = findCredential(comment.text);
    if (what === undefined) continue;
    const span = file.span(comment.start, comment.start + comment.text.length);
    if (reported.some((d) => d.line <= span.line && span.line <= d.endLine)) continue;
    context.reportOffsets(file.path, span, 'error', 'flywheel/inline-secret', text(
      `Delete this comment and revoke the credential it holds (${what}): comments are part of the playbook, so anyone who can read it can use it.`,
      `请删除这条注释，并作废其中的凭据（${what}）：注释也是剧本的一部分，任何能读到剧本的人都能使用它。`,
    ), { fixes: [{ title: text('Delete the comment', '删除注释'), span, newText: '' }] });
  }
}

/** No credential is written inline anywhere: only secret:/env: references. */
export const inlineSecretsRule: Rule = {
  code: 'flywheel/inline-secret',
  check(context) {
    const reported = new Set<string>();
    for (const entry of context.model.workspaces) {
      for (const target of entry.value.spec.notify ?? []) {
        if (target.url === undefined || REFERENCE.test(target.url)) continue;
        const path = [...entry.pathOf(target), 'url'];
        if (BOT_TYPES.has(target.type)) {
          reported.add(JSON.stringify([entry.file.path, path]));
          reportSecret(context, entry, target, path, `${target.type} webhook URL`);
        }
      }
    }
    const all: PlaybookEntry[] = [...context.model.workspaces, ...context.model.campaigns, ...context.model.sops, ...context.model.goals, ...context.model.checks];
    for (const entry of all) {
      eachString(entry, (value, owner, key) => {
        if (value.length < 16 || REFERENCE.test(value)) return;
        const what = findCredential(value);
        if (!what) return;
        const path = [...entry.pathOf(owner), key];
        if (!reported.has(JSON.stringify([entry.file.path, path]))) reportSecret(context, entry, owner, path, what);
      });
    }
    for (const file of context.model.files.values()) checkComments(context, file);
  },
};
