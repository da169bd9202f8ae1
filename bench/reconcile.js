#!/usr/bin/env node
// The reconcile benchmark: a 1M-row log (gen.js) held against a 500k-line invoice itemised by
// message, against the robbu table audit of the same log, in interleaved rounds, medians
// compared (budget: reconcile under 2x the audit). The invoice bills the log's outbound
// messages in file order (templates mostly charged; free text billed too, so most verdicts
// occur), one in ten thousand with an id the log does not have, one in a thousand a cent off.
//
//   node bench/reconcile.js [ROWS] [--runs N]      default 1M rows, 10 rounds
import { createReadStream, createWriteStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { writeLog } from './gen.js';
import { benchArgs, interleaved, printTimes, ratio, root } from './rounds.js';

const data = `${root}bench/data`;
mkdirSync(data, { recursive: true });
const { rounds: ROUNDS, label, rows: ROWS } = benchArgs({ rounds: 10, rows: 1_000_000 });
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

const times = interleaved(CASES, ROUNDS);
console.log(`Log ${label} rows (${(statSync(log).size / 1e6).toFixed(0)} MB), invoice ${LINES} lines (${(statSync(invoice).size / 1e6).toFixed(0)} MB), ${ROUNDS} interleaved rounds, medians:\n`);
printTimes(times, 'run');
console.log(`\nreconcile / audit: ${ratio(times, 'reconcile (table)', 'audit (robbu, table)')}x (table), ${ratio(times, 'reconcile (json)', 'audit (robbu, table)')}x (json); budget 2x`);
