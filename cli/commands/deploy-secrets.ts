import type { Lang } from '../../core/index';
import { destinationKey, type SecretDestination, type SecretReference } from '../../functions/secrets/destinations';
import { paint, type CliIo } from '../output';

/** One credential as a deploy records it: which reference, who reads it, where its value goes. */
export interface DeployedSecret {
  readonly reference: string;
  readonly use: string;
  readonly owner?: string;
  readonly field: string;
  /** `host:<host>`, `in-secret:<reference>` or `not-sent` (functions/secrets/destinations.ts `destinationKey`). */
  readonly destination: string;
}

/** What `flywheel deploy` keeps of each credential reference, to compare with on the next deploy. */
export function recordSecrets(references: readonly SecretReference[]): DeployedSecret[] {
  return references.map((reference) => ({
    reference: reference.reference, use: reference.use, ...(reference.owner ? { owner: reference.owner } : {}), field: reference.field,
    destination: destinationKey(reference.destination),
  }));
}

function describeDestination(destination: SecretDestination, lang: Lang): string {
  const zh = lang === 'zh-CN';
  switch (destination.kind) {
    case 'host': return destination.host;
    case 'in-secret': return zh ? `${destination.reference} 中保存的地址` : `the address stored in ${destination.reference}`;
    case 'not-sent': return zh ? `不发送（${destination.why.zh}）` : `not sent (${destination.why.en})`;
  }
}

function describeKey(key: string, lang: Lang): string {
  if (key.startsWith('host:')) return key.slice('host:'.length);
  if (key.startsWith('in-secret:')) return describeDestination({ kind: 'in-secret', reference: key.slice('in-secret:'.length) }, lang);
  return lang === 'zh-CN' ? '不发送' : 'not sent';
}

/**
 * Prints each credential with who reads it and the host its value goes to, marking a reference
 * that now goes somewhere it did not at the last deploy (a pull request that moved a channel's
 * `instance` sends the same token to another server). Returns how many were marked.
 */
export function printSecretDestinations(io: CliIo, lang: Lang, references: readonly SecretReference[], prefix: string, previous: readonly DeployedSecret[] | undefined): number {
  const zh = lang === 'zh-CN';
  if (references.length === 0) return 0;
  io.out(zh
    ? `\n凭据（只可读取以 ${prefix} 开头的密钥）及其发往的主机：\n`
    : `\nCredentials (only secrets starting with ${prefix} may be read) and the host each is sent to:\n`);
  const width = Math.max(...references.map((reference) => reference.reference.length));
  let marked = 0;
  for (const reference of references) {
    const who = reference.use === 'channel'
      ? (zh ? `渠道 ${reference.owner}` : `channel ${reference.owner}`)
      : reference.use === 'notify' ? (zh ? `通知对象 ${reference.owner}` : `notify ${reference.owner}`) : (zh ? '无函数读取' : 'read by no function');
    const now = destinationKey(reference.destination);
    const before = previous?.filter((entry) => entry.reference === reference.reference).map((entry) => entry.destination) ?? [];
    let note = '';
    if (previous && before.length === 0) note = `  ${paint(io, 'yellow', zh ? '（上次部署后新增）' : '(new since the last deploy)')}`;
    else if (previous && !before.includes(now)) {
      marked += 1;
      const was = [...new Set(before)].map((key) => describeKey(key, lang)).join(', ');
      note = `  ${paint(io, 'red', zh ? `⚠ 主机已变更，上次部署为 ${was}` : `⚠ host changed since the last deploy (was ${was})`)}`;
    }
    const field = zh ? `（${reference.field}）` : ` (${reference.field})`;
    io.out(`  ${reference.reference.padEnd(width)}  ${who}${field} → ${describeDestination(reference.destination, lang)}${note}\n`);
  }
  if (marked > 0) {
    io.out(zh
      ? `${marked} 个凭据将发往与上次部署不同的主机：确认这些地址可信后再部署。\n`
      : `${marked} credential(s) will go to another host than at the last deploy: deploy only if you trust the new address.\n`);
  }
  return marked;
}
