import { posix } from 'node:path';

/**
 * Resolves a `file:` reference written in a playbook against the playbook's folder. Returns the
 * workspace-relative path, or undefined when it leaves the workspace (absolute, `..`, drive letters).
 */
export function resolveWorkspacePath(playbookFile: string, reference: string): string | undefined {
  const normalized = reference.replace(/\\/g, '/');
  if (normalized.startsWith('/') || /^[A-Za-z]:/.test(normalized) || /^[a-z][a-z0-9+.-]*:\/\//i.test(normalized)) return undefined;
  const joined = posix.normalize(posix.join(posix.dirname(playbookFile), normalized));
  if (joined === '..' || joined.startsWith('../') || joined === '.' || joined === '') return undefined;
  return joined;
}

const IMAGE = /\.(png|jpe?g|gif|webp|heic|heif|bmp|avif)$/i;
const VIDEO = /\.(mp4|mov|webm|flv|avi|mkv|m4v|3gp)$/i;

/** The kind of media a file name suggests. */
export function mediaKind(file: string): 'image' | 'video' | 'other' {
  if (IMAGE.test(file)) return 'image';
  if (VIDEO.test(file)) return 'video';
  return 'other';
}
