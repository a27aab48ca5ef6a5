/** The environment variable that holds `secret:NAME` in local mode: FLYWHEEL_SECRET_ + NAME upper-cased, other characters as `_`. */
export function secretVariableName(name: string): string {
  return `FLYWHEEL_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * Resolves a credential reference in local mode: `secret:NAME` from FLYWHEEL_SECRET_<NAME>,
 * `env:VAR` from VAR. Undefined when it is not set (the value itself is never logged).
 */
export function resolveLocalSecret(reference: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (reference === undefined) return undefined;
  if (reference.startsWith('secret:')) return env[secretVariableName(reference.slice('secret:'.length))] || undefined;
  if (reference.startsWith('env:')) return env[reference.slice('env:'.length)] || undefined;
  return undefined;
}
