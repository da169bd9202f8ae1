// The message catalogues (src/render/messages.ts): every label the list schemas, the summary
// and the renderers use is a key of the English catalogue, and the Portuguese one names every
// key, none left empty or in English by mistake where the English is a sentence.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VERDICTS } from '../src/engine/reconcile.js';
import { FREE_REASONS } from '../src/engine/ruleset.js';
import { localeFromEnvironment } from '../src/cli/output.js';
import { EN, messagesFor, PT_BR } from '../src/render/messages.js';
import * as lists from '../src/report/schema.js';
import { RECONCILE_BUCKETS, RECONCILE_LINES, RECONCILE_OTHER, RECONCILE_REJECTED } from '../src/report/reconcile-schema.js';

const SCHEMAS = [lists.SESSIONS, lists.TEMPLATES, lists.VIOLATIONS, lists.MESSAGES, lists.TOTALS, lists.REJECTED, lists.UNCLASSIFIED, lists.DISAGREEMENT_LIST];

describe('message catalogues', () => {
  it('the Portuguese catalogue names exactly the English keys, none empty', () => {
    expect(Object.keys(PT_BR).sort()).toEqual(Object.keys(EN).sort());
    // (The empty key is the empty phrase, as `explain` writes an absent clause.)
    for (const [k, v] of Object.entries(PT_BR)) if (k !== '') expect(v.trim(), k).not.toBe('');
  });

  it('every label of the schemas and the summary, and every column name (Excel headers), is in the catalogues', () => {
    const used = new Set<string>();
    for (const l of SCHEMAS) {
      used.add(l.table.title);
      for (const c of l.table.columns) used.add(c.label);
      for (const c of l.columns) used.add(c.key);
    }
    for (const f of lists.SUMMARY) used.add(f.label.trim());
    for (const f of lists.INPUT_COUNTS) used.add(f.label);
    const missing = [...used].filter((k) => !(k in EN));
    expect(missing).toEqual([]);
  });

  it("every t('...') key the renderers use is in the catalogues", () => {
    const keys = readdirSync('src/render')
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => [...readFileSync(`src/render/${f}`, 'utf8').matchAll(/\bt\((['"])((?:(?!\1).)+)\1/g)].map((m) => m[2]));
    expect(keys.length).toBeGreaterThan(15);
    expect(keys.filter((k) => !(k in EN))).toEqual([]);
  });

  it("the reconcile report's CSV headers are in the catalogues", () => {
    const columns = [RECONCILE_LINES, RECONCILE_BUCKETS, RECONCILE_OTHER, RECONCILE_REJECTED].flatMap((l) => l.columns.map((c) => c.key));
    expect(columns.filter((k) => !(k in EN))).toEqual([]);
  });

  it("the keys the reconcile table makes are in the catalogues: each verdict, each free reason, each invoice kind", () => {
    const made = [...VERDICTS, ...FREE_REASONS.map((r) => `reason:${r}`), 'itemised by message', 'itemised by conversation or session', 'summary', 'Meta pricing_analytics', 'Meta conversation_analytics'];
    expect(made.filter((k) => !(k in EN))).toEqual([]);
    expect(FREE_REASONS.map((r) => messagesFor('pt-BR')(`reason:${r}`)).filter((p) => p.startsWith('reason:'))).toEqual([]);
  });

  it("every say('...') phrase of explain's reasons is in the catalogues", () => {
    const text = readFileSync('src/report/explain.ts', 'utf8');
    const keys = [...text.matchAll(/\bsay\(\s*(['"])((?:(?!\1).)*)\1/g)].map((m) => m[2]);
    const ternary = [...text.matchAll(/\? '([^']+)' : '([^']+)'/g)].flatMap((m) => [m[1], m[2]]);
    expect(keys.length).toBeGreaterThan(20);
    expect([...keys, ...ternary].filter((k) => !(k in EN))).toEqual([]);
  });

  it('placeholders are kept in the translation, and filled in', () => {
    for (const [k, v] of Object.entries(EN)) {
      const holes = (s: string): string[] => (s.match(/\{\d\}/g) ?? []).sort();
      expect(holes(PT_BR[k as keyof typeof EN]), k).toEqual(holes(v));
    }
    expect(messagesFor('pt-BR')('Amount ({0})', 'BRL')).toBe('Valor (BRL)');
    expect(messagesFor('en-US')('Amount ({0})', 'BRL')).toBe('Amount (BRL)');
  });

  it('the default locale comes from LC_ALL, LC_MESSAGES or LANG', () => {
    expect(localeFromEnvironment({ LANG: 'pt_BR.UTF-8' })).toBe('pt-BR');
    expect(localeFromEnvironment({ LC_ALL: 'en_US.UTF-8', LANG: 'pt_BR.UTF-8' })).toBe('en-US');
    expect(localeFromEnvironment({ LANG: 'C' })).toBeNull();
    expect(localeFromEnvironment({})).toBeNull();
  });
});
