#!/usr/bin/env node
// Holds two builds of wa-audit to the same bytes: stdout, stderr, exit code and every file
// written, over each fixture under a set of option sets, shard runs merged, and (with --big)
// the benchmark logs as table and JSON. For changes that must not change any output; a change
// that alters outputs on purpose re-baselines by building the old commit anew.
//
//   node bench/same-output.js OLD_ROOT [NEW_ROOT] [--big DIR]
//
// OLD_ROOT and NEW_ROOT are checkouts with dist/ built (NEW_ROOT defaults to this one). With
// --big, every log-*.csv in DIR is audited as a table and as JSON by both builds.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const bigAt = args.indexOf('--big');
const big = bigAt >= 0 ? args.splice(bigAt, 2)[1] : null;
const [oldRoot, newRoot = fileURLToPath(new URL('..', import.meta.url))] = args.map((a) => resolve(a));
if (!oldRoot) {
  process.stderr.write('usage: node bench/same-output.js OLD_ROOT [NEW_ROOT] [--big DIR]\n');
  process.exit(2);
}

/** Runs one build in the new checkout's folder (fixtures are read from there by both). */
function run(root, argv, env = {}) {
  const out = mkdtempSync(join(tmpdir(), 'wa-same-'));
  const argvOut = argv.map((a) => a.replace('{OUT}', out));
  const r = spawnSync(process.execPath, [join(root, 'bin/wa-audit.js'), ...argvOut], {
    cwd: newRoot,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, NO_COLOR: '1', TZ: 'UTC', ...env },
    maxBuffer: 1 << 30,
  });
  const files = {};
  for (const f of readdirSync(out).sort()) files[f] = readFileSync(join(out, f), 'utf8');
  rmSync(out, { recursive: true, force: true });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.replaceAll(out, '{OUT}'), files };
}

const fixtures = [];
for (const dir of ['fixtures', 'fixtures/examples', 'fixtures/errors', 'fixtures/providers']) {
  for (const f of readdirSync(join(newRoot, dir)).sort()) {
    if (/\.(csv|json|ndjson)$/.test(f) && !f.endsWith('.map.json') && f !== 'twilio-templates.json') fixtures.push(`${dir}/${f}`);
  }
}
const extra = (f) =>
  f.endsWith('twilio.csv')
    ? ['--preset', 'twilio', '--map', 'fixtures/providers/twilio-templates.json']
    : f.endsWith('helpdesk-ptbr.csv')
      ? ['--preset', 'br-helpdesk']
      : [];
const OPTION_SETS = [
  [],
  ['--format', 'json'],
  ['--tz', 'America/Sao_Paulo', '--locale', 'pt-BR'],
  ['--limit', '2', '--fail-on', 'violations,rejected'],
  ['--redact', '--format', 'json', '--out', '{OUT}/r.json'],
  ['--from', '2025-03-02', '--to', '2025-03-20', '--format', 'json'],
  ['--strict'],
  ['--br-ninth-digit', '--format', 'json', '--date-format', 'dd/MM/yyyy'],
  ['--limit', '0', '--redact'],
];

const cases = [];
for (const f of fixtures) for (const o of OPTION_SETS) cases.push({ argv: ['audit', f, ...extra(f), ...o] });
cases.push({ argv: ['audit', 'fixtures/providers/twilio.csv', '--preset', 'twilio'] });
cases.push({ argv: ['audit', 'fixtures/providers/twilio.csv', '--preset', 'twilio', '--format', 'json'] });
cases.push({ argv: ['audit', 'fixtures/sample.csv', '--format', 'json'], env: { WA_AUDIT_THREADS: '2' } });
cases.push({ argv: ['audit', 'fixtures/sample.csv', 'fixtures/providers/meta-webhook.ndjson', '--format', 'json'] });
cases.push({ argv: ['audit', '--help'] });
cases.push({ argv: ['merge', '--help'] });
cases.push({ argv: ['audit', 'fixtures/sample.csv', '--format', 'yaml'] });
cases.push({ argv: ['audit', 'fixtures/sample.csv', '--tz', 'Mars/Olympus'] });
// Shard runs, then merge: both builds merge their own shards.
const shardCases = ['fixtures/sample.csv', 'fixtures/providers/meta-webhook.ndjson'];

let failures = 0;
let count = 0;
function same(label, a, b) {
  count++;
  for (const part of ['code', 'stdout', 'stderr', 'files']) {
    const x = JSON.stringify(a[part]);
    const y = JSON.stringify(b[part]);
    if (x !== y) {
      failures++;
      let i = 0;
      while (i < x.length && x[i] === y[i]) i++;
      process.stderr.write(`DIFFERS ${label}: ${part} at ${i}:\n  old ${x.slice(Math.max(0, i - 80), i + 120)}\n  new ${y.slice(Math.max(0, i - 80), i + 120)}\n`);
      return;
    }
  }
}

for (const c of cases) same(c.argv.join(' '), run(oldRoot, c.argv, c.env), run(newRoot, c.argv, c.env));

for (const f of shardCases) {
  const merged = (root) => {
    const dir = mkdtempSync(join(tmpdir(), 'wa-shard-'));
    for (const i of [1, 2, 3]) run(root, ['audit', f, '--shard', `${i}/3`, '--format', 'json', '--out', join(dir, `s${i}.json`)]);
    const r = run(root, ['merge', join(dir, 's1.json'), join(dir, 's2.json'), join(dir, 's3.json')]);
    const t = run(root, ['merge', join(dir, 's3.json'), join(dir, 's1.json'), join(dir, 's2.json'), '--format', 'table']);
    rmSync(dir, { recursive: true, force: true });
    return { code: [r.code, t.code], stdout: r.stdout + t.stdout, stderr: (r.stderr + t.stderr).replaceAll(dir, '{DIR}'), files: {} };
  };
  same(`shards of ${f}`, merged(oldRoot), merged(newRoot));
}

if (big !== null) {
  for (const f of readdirSync(big).filter((n) => /^log-.*\.csv$/.test(n)).sort()) {
    const file = join(big, f);
    for (const o of [[], ['--format', 'json', '--out', '{OUT}/r.json'], ['--tz', 'America/Sao_Paulo', '--locale', 'pt-BR', '--limit', '50']]) {
      const argv = ['audit', file, ...o];
      same(argv.join(' '), run(oldRoot, argv), run(newRoot, argv));
      process.stderr.write(`  ${f} ${o.join(' ')}: compared\n`);
    }
  }
}

console.log(`${count} comparisons, ${failures} differ`);
process.exitCode = failures === 0 ? 0 : 1;
