#!/usr/bin/env node
// Two builds of wa-audit timed against each other on this machine, whose speed drifts by up to
// a third from minute to minute: runs are interleaved (old, new, old again, in turn), so a
// drift touches all alike, in an order that turns each round, and each is summed up by its median. The old build is run twice per
// round so that its spread against itself says how large a difference is noise.
//
//   node bench/compare.js OLD_ROOT NEW_ROOT [--runs 10] [--format table|json] LOG.csv...
//
// Prints, per log: median wall seconds and max RSS of old, new and old again, and the
// difference of new against old and of old again against old.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median } from './rounds.js';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i < 0 ? fallback : args.splice(i, 2)[1];
};
const runs = Number(option('--runs', '10'));
const format = option('--format', 'table');
const [oldRoot, newRoot, ...logs] = args;
if (!oldRoot || !newRoot || logs.length === 0) {
  process.stderr.write('usage: node bench/compare.js OLD_ROOT NEW_ROOT [--runs N] [--format table|json] LOG.csv...\n');
  process.exit(2);
}

const out = mkdtempSync(join(tmpdir(), 'wa-compare-'));
function once(root, log) {
  const argv = [join(resolve(root), 'bin/wa-audit.js'), 'audit', log];
  // The previous run's report is removed first, outside the timing: replacing a large file
  // frees its blocks, which a build that renames into place pays at the end and one that
  // truncates pays at the start, overlapped; neither is the audit's work.
  rmSync(join(out, 'r.json'), { force: true });
  if (format === 'json') argv.push('--format', 'json', '--out', join(out, 'r.json'));
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', process.execPath, ...argv], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${argv.join(' ')} failed:\n${r.stderr}`);
  const [secs, kib, user, system] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { secs, mib: kib / 1024, cpu: user + system };
}

const pct = (a, b) => `${b >= a ? '+' : ''}${(((b - a) / a) * 100).toFixed(1)}%`;

// Besides the medians of each build: the median over rounds of new / old and of old again /
// old within a round (a drift that slows a whole round cancels out), and the medians of CPU
// seconds (user + system), which another process on the machine disturbs less than wall time.
console.log(
  `| log (${format}, ${runs} rounds) | old s | new s | old again s | new vs old | old again vs old | paired new/old | paired old again/old | CPU s old / new / again | old MiB | new MiB | old again MiB |`,
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const log of logs) {
  const t = { old: [], new: [], again: [] };
  for (let i = 0; i < runs; i++) {
    // The order turns each round: the first run of a round is often faster or slower.
    const order = [
      ['old', oldRoot],
      ['new', newRoot],
      ['again', oldRoot],
    ];
    for (let k = 0; k < 3; k++) {
      const [name, root] = order[(i + k) % 3];
      t[name].push(once(root, log));
    }
    process.stderr.write(`  round ${i + 1}: old ${t.old[i].secs}s new ${t.new[i].secs}s old again ${t.again[i].secs}s\n`);
  }
  const s = (k) => median(t[k].map((x) => x.secs));
  const m = (k) => median(t[k].map((x) => x.mib));
  const c = (k) => median(t[k].map((x) => x.cpu)).toFixed(2);
  const paired = (k) => pct(1, median(t[k].map((x, i) => x.secs / t.old[i].secs)));
  console.log(
    `| ${log.split('/').pop()} | ${s('old').toFixed(2)} | ${s('new').toFixed(2)} | ${s('again').toFixed(2)} | ${pct(s('old'), s('new'))} | ${pct(s('old'), s('again'))} | ${paired('new')} | ${paired('again')} | ${c('old')} / ${c('new')} / ${c('again')} | ${m('old').toFixed(0)} | ${m('new').toFixed(0)} | ${m('again').toFixed(0)} |`,
  );
}
rmSync(out, { recursive: true, force: true });
