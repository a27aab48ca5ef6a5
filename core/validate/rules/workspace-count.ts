import { text } from '../../diagnostics';
import type { Rule } from '../context';

/** Exactly one Workspace document per workspace folder. */
export const workspaceCountRule: Rule = {
  code: 'flywheel/workspace',
  check(context) {
    const declared = context.model.declared.get('Workspace') ?? [];
    if (declared.length === 0) {
      // A file that does not parse may hold the Workspace: its own diagnostics say what to fix.
      if ((context.model.brokenFiles?.size ?? 0) > 0) return;
      const first = context.model.documents[0];
      if (!first) return;
      context.reportAt(first, [], 'value', 'error', this.code, text(
        'Add a Workspace document (kind: Workspace) with the time zone, channels and notify targets: none was found. See playbooks/workspace.yaml in the sample.',
        '请添加一个 Workspace 文档（kind: Workspace），包含时区、渠道和通知目标：未找到 Workspace 文档。参见示例 playbooks/workspace.yaml。',
      ));
      return;
    }
    const [first, ...others] = declared;
    for (const other of others) {
      context.reportAt(other.document, other.path, 'value', 'error', this.code, text(
        `Merge the two Workspace documents: a workspace has exactly one, and "${first?.id}" is already defined in ${first?.document.file.path}.`,
        `请合并这两个 Workspace 文档：一个工作区只能有一个，"${first?.id}" 已在 ${first?.document.file.path} 中定义。`,
      ), first ? { related: [{ file: first.document.file.path, span: first.document.span(first.path), message: text('First Workspace', '第一个 Workspace') }] } : {});
    }
  },
};
