#!/usr/bin/env node
// The pricing benchmark: the same log audited (table) under `robbu` and under `--ruleset meta
// --rates bench/rates-bench.csv`, in interleaved rounds, medians compared (the machines drift:
// never one run against another). The log spans Meta's 2025-07-01 switch, with contacts in
// several markets, every template category and inbound messages from ads (`gen.js --pricing`).
// A second log, the same from 2026-09-16, spans the 2026-10-01 switch, after which the service
// allowance is a tier across keys: there every key is replayed twice (docs/rulesets.md).
//
//   node bench/pricing.js [ROWS] [--runs N]      default 1M rows, 10 rounds
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { writeLog } from './gen.js';
import { benchArgs, interleaved, printTimes, ratio, root } from './rounds.js';

const data = `${root}bench/data`;
mkdirSync(data, { recursive: true });
const { rounds: ROUNDS, label, rows: ROWS } = benchArgs({ rounds: 10, rows: 1_000_000 });
const file = `${data}/log-${label}-pricing.csv`;
if (!existsSync(file)) await writeLog(file, ROWS, { seed: 1, pricing: true });
const file2026 = `${data}/log-${label}-pricing-2026.csv`;
if (!existsSync(file2026)) await writeLog(file2026, ROWS, { seed: 1, pricing: true, from: '2026-09-16' });

const meta = (f) => ['audit', f, '--ruleset', 'meta', '--tz', 'America/Sao_Paulo', '--rates', `${root}bench/rates-bench.csv`];
const CASES = {
  robbu: ['audit', file, '--tz', 'America/Sao_Paulo'],
  'meta --rates': meta(file),
  'robbu (2026 log)': ['audit', file2026, '--tz', 'America/Sao_Paulo'],
  'meta --rates (2026 log)': meta(file2026),
};

const times = interleaved(CASES, ROUNDS);
const mb = (statSync(file).size / 1e6).toFixed(0);
console.log(`Pricing logs ${label} (${mb} MB each), table audit, ${ROUNDS} interleaved rounds, medians:\n`);
printTimes(times, 'ruleset');
console.log(`\nmeta --rates / robbu: ${ratio(times, 'meta --rates', 'robbu')}x over 2025-06-16..07-16 (budget 1.3x); ${ratio(times, 'meta --rates (2026 log)', 'robbu (2026 log)')}x over 2026-09-16..10-16 (two replays)`);
