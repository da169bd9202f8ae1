#!/usr/bin/env node
// The reconcile benchmark: a 1M-row log (gen.js) held against a 500k-line invoice itemised by
// message, against the robbu table audit of the same log, in interleaved rounds, medians
// compared (budget: reconcile under 2x the audit). The invoice bills the log's outbound
// messages in file order (templates mostly charged; free text billed too, so most verdicts
// occur), one in ten thousand with an id the log does not have, one in a thousand a cent off.
//
//   node bench/reconcile.js [ROWS] [--runs N]      default 1M rows, 10 rounds
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { writeLog } from './gen.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const data = `${root}bench/data`;
mkdirSync(data, { recursive: true });
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const ROUNDS = runsAt >= 0 ? Number(args[runsAt + 1]) : 10;
const ROWS = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--runs') ?? 1_000_000);
const label = ROWS >= 1_000_000 ? `${ROWS / 1_000_000}M` : `${ROWS / 1000}k`;
const log = `${data}/log-${label}-sorted.csv`;
if (!existsSync(log)) await writeLog(log, ROWS, { seed: 1 });
const LINES = ROWS / 2;
const invoice = `${data}/invoice-${label}-${LINES}.csv`;
const card = `${data}/sessions-card.csv`;
writeFileSync(card, 'valid_from,market,currency,session\n2025-01-01,BR,BRL,0.35\n2025-01-01,Other,BRL,0.35\n');

if (!existsSync(invoice)) {
  const out = createWriteStream(invoice);
  out.write('message_id,date,type,amount,currency\n');
  const seen = new Set();
  let written = 0;
  let header = null;
  for await (const line of createInterface({ input: createReadStream(log) })) {
    const f = line.split(',');
    if (header === null) {
      header = Object.fromEntries(f.map((h, i) => [h, i]));
      continue;
    }
    if (written >= LINES) break;
    const id = f[header.id];
    if (f[header.direction] !== 'outbound' || seen.has(id)) continue;
    seen.add(id);
    written++;
    const unknown = written % 10_000 === 0;
    const off = written % 1000 === 0;
    if (!out.write(`${unknown ? `${id}x` : id},${f[header.timestamp]},session,${off ? '0.36' : '0.35'},BRL\n`)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
}

const CASES = {
  'audit (robbu, table)': ['audit', log, '--tz', 'America/Sao_Paulo'],
  'reconcile (table)': ['reconcile', log, '--tz', 'America/Sao_Paulo', '--rates', card, '--invoice', invoice],
  'reconcile (json)': ['reconcile', log, '--tz', 'America/Sao_Paulo', '--rates', card, '--invoice', invoice, '--format', 'json'],
};

function run(argv) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, `${root}bin/wa-audit.js`, ...argv], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${argv.join(' ')} failed:\n${r.stderr}`);
  const [secs, kib] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { secs, mib: kib / 1024 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const times = Object.fromEntries(Object.keys(CASES).map((k) => [k, []]));
for (let i = 0; i < ROUNDS; i++) {
  const names = i % 2 === 0 ? Object.keys(CASES) : Object.keys(CASES).reverse();
  for (const name of names) times[name].push(run(CASES[name]));
  process.stderr.write(`round ${i + 1}/${ROUNDS}: ${Object.keys(CASES).map((k) => `${k} ${times[k].at(-1).secs}s`).join(', ')}\n`);
}
console.log(`Log ${label} rows (${(statSync(log).size / 1e6).toFixed(0)} MB), invoice ${LINES} lines (${(statSync(invoice).size / 1e6).toFixed(0)} MB), ${ROUNDS} interleaved rounds, medians:\n`);
console.log('| run | median | min-max | max RSS (median) |');
console.log('|---|---|---|---|');
for (const [name, t] of Object.entries(times)) {
  const s = t.map((x) => x.secs);
  console.log(`| ${name} | ${median(s).toFixed(2)} s | ${Math.min(...s).toFixed(2)}-${Math.max(...s).toFixed(2)} s | ${Math.round(median(t.map((x) => x.mib)))} MiB |`);
}
const ratio = (a, b) => (median(times[a].map((x) => x.secs)) / median(times[b].map((x) => x.secs))).toFixed(2);
console.log(`\nreconcile / audit: ${ratio('reconcile (table)', 'audit (robbu, table)')}x (table), ${ratio('reconcile (json)', 'audit (robbu, table)')}x (json); budget 2x`);
