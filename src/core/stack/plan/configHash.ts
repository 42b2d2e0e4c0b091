// A hash of everything that defines a service's container, as Compose's config-hash label: at start, a
// container whose label differs from the plan's hash is recreated; others are left alone.
import { createHash } from 'node:crypto';

/**
 * `definition`: the container's create options (without the hash label itself); `mountedFiles`: content of
 * bind-mounted files (container path → text), so an edited prometheus.yml recreates only Prometheus.
 */
export function serviceConfigHash(definition: unknown, mountedFiles: Record<string, string>): string {
  const fileDigests = Object.fromEntries(
    Object.entries(mountedFiles)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([target, content]) => [target, sha256(content)]),
  );
  return sha256(stableJson({ definition, fileDigests }));
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with object keys sorted, so the hash does not depend on key order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
