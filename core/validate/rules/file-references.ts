import { text } from '../../diagnostics';
import type { PlaybookEntry } from '../../load/index';
import type { PathSegment } from '../../load/yaml-document';
import type { Rule, RuleContext } from '../context';
import { mediaKind } from '../workspace-paths';

function checkFile(context: RuleContext, entry: PlaybookEntry, owner: object, field: PathSegment[], reference: string, expect: 'text' | 'image' | 'media'): void {
  const resolved = context.resolveFile(entry.file.path, reference);
  if (resolved === undefined) {
    context.report(entry, owner, field, 'value', 'error', 'flywheel/file-reference', text(
      `Keep content files inside the workspace folder and use a path relative to this playbook file: "${reference}" points outside the workspace folder.`,
      `请将内容文件放在工作区内，并使用相对于本剧本文件的路径："${reference}" 指向工作区目录之外。`,
    ));
    return;
  }
  if (context.files.leavesWorkspace?.(resolved) === true) {
    // Name the link only: what it points at is none of the playbook's business, and may be secret.
    context.report(entry, owner, field, 'value', 'error', 'flywheel/file-reference', text(
      `Copy the file into the workspace folder and point at the copy: ${resolved} is a link to a file outside the workspace, which Flywheel does not read, publish or ship.`,
      `请把文件复制到工作区目录中并引用副本：${resolved} 链接到工作区之外的文件，Flywheel 不会读取、发布或打包它。`,
    ));
    return;
  }
  if (!(expect === 'text' ? context.readText(resolved) !== undefined : context.fileExists(resolved))) {
    context.report(entry, owner, field, 'value', 'error', 'flywheel/file-reference', text(
      `Check the name and folder: there is no file ${resolved} (resolved from "${reference}", relative to ${entry.file.path}).`,
      `请检查文件名和目录：找不到文件 ${resolved}（由 "${reference}" 相对于 ${entry.file.path} 解析）。`,
    ));
    return;
  }
  const kind = mediaKind(resolved);
  if (expect === 'image' && kind !== 'image') {
    context.report(entry, owner, field, 'value', 'warning', 'flywheel/file-reference', text(
      `A cover should be an image (png, jpg, gif, webp…); "${reference}" does not look like one.`,
      `封面应为图片（png、jpg、gif、webp…）；"${reference}" 看起来不是图片。`,
    ));
  } else if (expect === 'media' && kind === 'other') {
    context.report(entry, owner, field, 'value', 'warning', 'flywheel/file-reference', text(
      `"${reference}" is neither an image nor a video by its extension; platforms accept png, jpg, gif, webp, mp4, mov…`,
      `按扩展名判断，"${reference}" 既不是图片也不是视频；平台接受 png、jpg、gif、webp、mp4、mov 等。`,
    ));
  }
}

/** body, cover and media files exist inside the workspace folder. */
export const fileReferencesRule: Rule = {
  code: 'flywheel/file-reference',
  check(context) {
    for (const entry of context.model.campaigns) {
      for (const post of entry.value.spec.posts ?? []) {
        for (const holder of [post, ...(post.variants ?? [])]) {
          if (holder.body !== undefined && typeof holder.body !== 'string') checkFile(context, entry, holder.body, ['file'], holder.body.file, 'text');
          if (holder.cover) checkFile(context, entry, holder.cover, ['file'], holder.cover.file, 'image');
        }
        for (const item of post.media ?? []) checkFile(context, entry, item, ['file'], item.file, 'media');
      }
    }
  },
};
