// The fingerprint of a run: what a `--shard` report carries so that `wa-audit merge` joins only
// shards of one log read one way. SHA-256 over the inputs' bytes (each file's own digest, in
// argument order) and over every option that changes a decision, written as canonical JSON.
import { createHash } from 'node:crypto';

const FINGERPRINT_PREFIX = 'sha256:';

/** The digest of one input's bytes, as its reader fed them (`Hash.update` per chunk). */
export function bytesDigest(): { update(bytes: Uint8Array): void; hex(): string } {
  const h = createHash('sha256');
  return {
    update: (bytes) => h.update(bytes),
    hex: () => h.digest('hex'),
  };
}

/** The run's fingerprint from its inputs' digests and its decision options. */
export function runFingerprint(inputs: readonly string[], decisions: Readonly<Record<string, unknown>>): string {
  const text = canonicalJson({ version: 1, inputs, decisions });
  return FINGERPRINT_PREFIX + createHash('sha256').update(text).digest('hex');
}

/**
 * JSON that is the same for equal values whatever their insertion order: object keys sorted,
 * maps as sorted [key, value] pairs, sets sorted, regular expressions as `/source/flags`.
 */
function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof RegExp) return JSON.stringify(String(value));
  if (value instanceof Map) return canonicalJson([...value].sort(([a], [b]) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0)));
  if (value instanceof Set) return canonicalJson([...value].map(canonicalJson).sort());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  throw new Error(`a ${typeof value} has no canonical JSON`);
}
