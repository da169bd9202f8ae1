// The README stays true to the code: every rejection code, preset and option it should name.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { presetNames } from '../src/ingest/presets.js';
import { REJECTION_CODES } from '../src/model/message.js';
import { FORMATS } from '../src/render/index.js';
import { cli } from './helpers/cli.js';

const README = readFileSync('README.md', 'utf8');

describe('README', () => {
  it('opens with the two commands a newcomer runs', () => {
    const blocks = [...README.matchAll(/```sh\n([^`]*)```/g)].map((m) => m[1].trim());
    expect(blocks.slice(0, 2)).toEqual(['npm ci && node bin/wa-audit.js audit fixtures/sample.csv', 'npm test']);
  });

  it('and .ci/run runs exactly those', () => {
    const ci = readFileSync('.ci/run', 'utf8');
    expect(ci).toContain('\nnpm ci && node bin/wa-audit.js audit fixtures/sample.csv\n');
    expect(ci).toContain('\nnpm test\n');
  });

  it.each(REJECTION_CODES)('explains the rejection code %s', (code) => {
    expect(README).toContain(`| \`${code}\` |`);
  });

  it.each(presetNames())('documents the preset %s', (name) => {
    expect(README).toContain(`| \`${name}\` |`);
  });

  it('documents every option of `wa-audit audit --help`', () => {
    const help = cli(['audit', '--help']).stdout;
    const flags = [...help.matchAll(/^\s+(?:-\w, )?(--[a-z-]+)/gm)].map((m) => m[1]).filter((f) => f !== '--help');
    expect(flags.length).toBeGreaterThan(10);
    for (const flag of flags) expect(README, flag).toMatch(new RegExp(`${flag}(?![a-z-])`));
    for (const format of FORMATS) expect(README).toContain(format);
  });
});

describe('README, "Pricing a month"', () => {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## Pricing a month'), readme.indexOf('## Decisions where the spec is silent'));
  // The fenced blocks without a language (outputs), in order.
  const blocks: string[] = [];
  let open: { lang: string; lines: string[] } | null = null;
  for (const line of section.split('\n')) {
    if (line.startsWith('```')) {
      if (open === null) open = { lang: line.slice(3), lines: [] };
      else {
        if (open.lang === '') blocks.push(open.lines.join('\n'));
        open = null;
      }
    } else open?.lines.push(line);
  }
  const args = ['audit', 'fixtures/sample.csv', '--ruleset', 'meta', '--tz', 'America/Sao_Paulo', '--rates', 'rates/meta-usd-example.csv', '--limit', '3'];

  it('shows the real output of the shipped sample under meta with the example card', () => {
    const out = cli(args).stdout;
    const [summary, charged] = blocks[0].split('[... sessions ...]');
    expect(out.startsWith(summary.trimEnd())).toBe(true);
    expect(out).toContain(charged.replace('[... violations, rejected rows ...]', '').trim());
  });

  it('and the same totals with --locale pt-BR money', () => {
    expect(cli([...args, '--locale', 'pt-BR']).stdout).toContain(blocks[1].trim());
  });
});

describe('README, "wa-audit explain"', () => {
  it('shows the real output for a charged and a violating message', () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('## Why was this template charged?'), readme.indexOf('## Decisions where the spec is silent'));
    const shown = section.split('```\n')[2];
    const out = cli(['explain', 'fixtures/sample.csv', '--contact', '5511981020003', '--tz', 'America/Sao_Paulo', '--ruleset', 'meta', '--rates', 'rates/meta-usd-example.csv']).stdout;
    expect(out).toBe(shown);
    expect(shown).toContain('charged (utility)');
    expect(shown).toContain('violation:');
  });
});

describe('README, "Reconciling an invoice"', () => {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## Reconciling an invoice'), readme.indexOf('## Decisions where the spec is silent'));
  // The fenced blocks, in order: commands (sh) and outputs (no language).
  const commands: string[][] = [];
  const outputs: string[] = [];
  let open: { lang: string; lines: string[] } | null = null;
  for (const line of section.split('\n')) {
    if (!line.startsWith('```')) open?.lines.push(line);
    else if (open === null) open = { lang: line.slice(3), lines: [] };
    else {
      if (open.lang === 'sh') commands.push(open.lines.join(' ').replace(/\\/g, ' ').trim().split(/\s+/).slice(2));
      if (open.lang === '') outputs.push(`${open.lines.join('\n')}\n`);
      open = null;
    }
  }

  it('shows the real output of each command, a Meta analytics file among them', () => {
    expect(commands).toHaveLength(3);
    expect(commands.map((c) => c[0])).toEqual(['reconcile', 'reconcile', 'reconcile']);
    expect(commands[1]).toContain('fixtures/invoices/meta-2025-08-pricing-analytics.json');
    commands.forEach((args, i) => expect(cli(args).stdout).toBe(outputs[i]));
  });

  it('documents every option of `wa-audit reconcile --help`', () => {
    const help = cli(['reconcile', '--help']).stdout;
    const flags = [...help.matchAll(/^\s+(?:-\w, )?(--[a-z-]+)/gm)].map((m) => m[1]).filter((f) => f !== '--help');
    expect(flags).toContain('--tolerance');
    for (const flag of flags) expect(readme, flag).toMatch(new RegExp(`${flag}(?![a-z-])`));
  });
});
