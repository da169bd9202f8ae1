// The house's one rule of imports: data flows one way, ingest -> model -> engine -> report ->
// render -> cli. Each folder of src/ may import only the folders docs/architecture.md allows,
// and no module imports itself through others (no cycles).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = 'src';
/** What each folder may import besides itself (docs/architecture.md). */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  model: [],
  ingest: ['model'],
  engine: ['model'],
  report: ['model', 'engine'],
  render: ['model', 'engine', 'report'],
  cli: ['model', 'ingest', 'engine', 'report', 'render', '.'],
  '.': ['model', 'ingest', 'engine', 'report', 'render'],
};

function modules(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? modules(p) : f.endsWith('.ts') ? [p] : [];
  });
}

/** Each module's imports of other modules of src/ (type-only imports included). */
const GRAPH = new Map(
  modules(SRC).map((file) => {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(/^(?:import|export)[^'";]*?from '(\.[^']+)'/gm)].map((m) =>
      normalize(join(dirname(file), m[1].replace(/\.js$/, '.ts'))),
    );
    return [file, targets] as const;
  }),
);

const folderOf = (file: string): string => {
  const rel = relative(SRC, file);
  return rel.includes('/') ? rel.split('/')[0] : '.';
};

describe('imports', () => {
  it('every module of src/ is found, with its imports', () => {
    expect(GRAPH.size).toBeGreaterThan(30);
    expect(GRAPH.get(join(SRC, 'pipeline.ts'))).toContain(join(SRC, 'report/report.ts'));
  });

  it('point one way: each folder imports only what docs/architecture.md allows', () => {
    const wrong: string[] = [];
    for (const [file, targets] of GRAPH) {
      for (const t of targets) {
        const from = folderOf(file);
        const to = folderOf(t);
        if (from !== to && !ALLOWED[from].includes(to)) wrong.push(`${file} -> ${t}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('have no cycles', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const t of GRAPH.get(file) ?? []) visit(t, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of GRAPH.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
