// Inputs given twice: the same path (however written), or another file with the same bytes.
import { createHash } from 'node:crypto';
import { createReadStream, realpathSync } from 'node:fs';
import { resolve } from 'node:path';

/** A path with links followed; as given, made absolute, when it cannot be resolved (yet). */
export function resolvedPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}


/** A source that repeats an earlier one: that one's index, and whether it is the same file. */
export interface Repeat {
  readonly first: number;
  readonly samePath: boolean;
}

/** For each source that repeats an earlier one, which and how. */
export async function repeatedSources(sources: readonly { readonly path?: string; readonly size?: number }[]): Promise<Map<number, Repeat>> {
  const repeats = new Map<number, Repeat>();
  const byPath = new Map<string, number>();
  const bySize = new Map<number, number[]>();
  sources.forEach((s, i) => {
    if (s.path === undefined) return;
    const real = resolvedPath(s.path);
    const first = byPath.get(real);
    if (first !== undefined) repeats.set(i, { first, samePath: true });
    else {
      byPath.set(real, i);
      if (s.size !== undefined && s.size > 0) bySize.set(s.size, [...(bySize.get(s.size) ?? []), i]);
    }
  });
  // Files of one size are compared by a hash of their bytes; other sizes cannot be equal.
  for (const group of bySize.values()) {
    if (group.length < 2) continue;
    const seen = new Map<string, number>();
    for (const i of group) {
      const digest = await hashOf(sources[i].path as string);
      const first = seen.get(digest);
      if (first !== undefined) repeats.set(i, { first, samePath: false });
      else seen.set(digest, i);
    }
  }
  return repeats;
}

async function hashOf(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
