// Markdown (`--format md`) end to end: a golden report of the sample, the first --limit rows of
// each list with how many more, money in the locale, and input values made inert: an injection
// fixture's HTML, links, autolinks, @mentions, #references and pipes never leave a code span.
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inert } from '../src/render/markdown.js';
import { cli } from './helpers/cli.js';

/** The text outside code spans (what Markdown would interpret). */
function outsideCode(md: string): string {
  return md.replace(/(`+)[^`]*?\1/g, '').replace(/(`+) .*? \1/g, '');
}

describe('inert: input text as a code span in a table cell', () => {
  it.each([
    ['plain', '`plain`'],
    ['a|b', '`a\\|b`'],
    // A fence longer than the text's backticks, spaced since the text ends with one.
    ['with `tick`', '`` with `tick` ``'],
    ['line\nbreak', '`line\\nbreak`'],
    ['\u001b[31mred', '`\\e[31mred`'],
  ])('%j -> %j', (text, written) => {
    expect(inert(text)).toBe(written);
  });
});

describe('wa-audit audit --format md', () => {
  it('matches the golden report of the sample', () => {
    const r = cli(['audit', 'fixtures/sample.csv', '--format', 'md', '--limit', '5']);
    expect(r.code, r.stderr).toBe(0);
    if (process.env.UPDATE_GOLDEN) return writeFileSync('test/golden/sample.md', r.stdout);
    expect(r.stdout).toBe(readFileSync('test/golden/sample.md', 'utf8'));
  });

  it('shows the first --limit rows of each list and says how many more', () => {
    const md = cli(['audit', 'fixtures/sample.csv', '--format', 'md', '--limit', '2']).stdout;
    const from = md.indexOf('### Violations (45)');
    const violations = md.slice(from, md.indexOf('###', from + 3));
    expect(violations.split('\n').filter((l) => l.startsWith('| 2025-'))).toHaveLength(2);
    expect(violations).toContain('... 43 more (--limit N shows more; --format json lists all)');
  });

  it('writes money and numbers in the locale', () => {
    const md = cli(['audit', 'fixtures/sample.csv', '--format', 'md', '--ruleset', 'meta', '--tz', 'America/Sao_Paulo', '--rates', 'rates/meta-usd-example.csv', '--locale', 'pt-BR']).stdout;
    expect(md).toContain('| Valor (USD) | US$\u00a01,43 |');
    expect(md).toContain('| marketing | 18 | US$\u00a01,12 | 0 |');
  });

  it('keeps every input value inert: no HTML, link, autolink, mention or reference outside a code span', () => {
    const r = cli(['audit', 'fixtures/injection/log.csv', '--format', 'md']);
    expect(r.code).toBe(0);
    const md = r.stdout;
    expect(md).toContain('`<script>alert(1)</script> \\| @here #123 [x](http://evil.example)`');
    const open = outsideCode(md);
    for (const bad of ['<script', '@here', '#123', '](http', 'http://', '=HYPERLINK']) expect(open, bad).not.toContain(bad);
    expect(open).not.toMatch(/<[a-z]/i);
    // Every table row has as many cells as its header: no value broke out of its cell.
    for (const table of md.split('\n\n').filter((b) => b.startsWith('| '))) {
      const lines = table.split('\n').filter((l) => l.startsWith('|'));
      const cells = (l: string): number => l.replace(/\\\|/g, '').split('|').length;
      for (const l of lines) expect(cells(l), l).toBe(cells(lines[0]));
    }
  });
});
