#!/usr/bin/env node
// Two builds' halves of the reading pipeline timed side by side in one process, on the same
// input, alternating rounds: the machine's drift touches both alike, which separate processes
// (bench/compare.js) cannot promise for differences of a few percent.
//
//   node bench/inprocess.js lex   OLD_ROOT NEW_ROOT LOG.csv [ROUNDS]   the CSV worker's job: decode, tokenize, lex, batch
//   node bench/inprocess.js apply OLD_ROOT NEW_ROOT LOG.csv [ROUNDS]   the main thread's: apply lexed batches to a new log
//
// Both builds must be built (`npm run build` in each). `apply` lexes once with NEW's lexer and
// gives both builds the same batches (converted to the old layout where it differs); a 10M log
// needs `node --max-old-space-size=12000`. Prints min and median milliseconds of each.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const [mode, oldArg, newArg, file, roundsArg] = process.argv.slice(2);
if (!['lex', 'apply'].includes(mode) || !file) {
  process.stderr.write('usage: node bench/inprocess.js lex|apply OLD_ROOT NEW_ROOT LOG.csv [ROUNDS]\n');
  process.exit(2);
}
const ROOTS = { old: resolve(oldArg), new: resolve(newArg) };
const rounds = Number(roundsArg ?? 10);
const load = (root, path) => import(`${root}/dist/${path}`);

const bytes = readFileSync(file);
const nl = bytes.indexOf(10);
const headers = bytes.toString('latin1', 0, nl).replace(/\r$/, '').split(',');
const { compilePlan } = await load(ROOTS.new, 'ingest/plan.js');
const { EMPTY_MAPPING } = await load(ROOTS.new, 'ingest/mapping.js');
const columns = compilePlan(EMPTY_MAPPING, headers, false).plan.columns;
const layout = { delimiter: ',', columns, width: headers.length };
const chunks = (each) => {
  const decoder = new TextDecoder('utf-8');
  for (let at = nl + 1; at < bytes.length; at += 1 << 20) each(decoder.decode(bytes.subarray(at, Math.min(bytes.length, at + (1 << 20))), { stream: true }), at);
};

/** A build's lexing pipeline: a writer and a tokenizer fed chunks. */
async function lexer(root) {
  const batch = await load(root, 'ingest/lex-batch.js');
  if (batch.lexCsv) return () => { const w = new batch.BatchWriter(); return [w, batch.lexCsv(w, layout, 2, true)]; };
  // Builds before lexCsv: the tokenizer and fast-row lexer wired as their worker did.
  const { CsvTokenizer } = await load(root, 'ingest/csv.js');
  const fast = await load(root, 'ingest/fast-row.js');
  return () => {
    const w = new batch.BatchWriter();
    const lex = fast.plainLexer(columns, headers.length, ',');
    const out = new fast.Lexed();
    const line = (text, s, e, n) => { const p = lex(text, s, e, out); return p === 'quoted' ? 'quoted' : p && w.addPlain(text, out, n) ? 'done' : 'split'; };
    return [w, new CsvTokenizer(',', { line, record: (f, n) => w.addRecord(f, n), broken: (n, r, t) => w.addBroken(n, r, t) }, 2)];
  };
}

const jobs = {};
if (mode === 'lex') {
  for (const name of ['old', 'new']) {
    const make = await lexer(ROOTS[name]);
    jobs[name] = () => {
      const [w, tok] = make();
      chunks((text, at) => { tok.push(text); if (w.size > 0) w.take(at); });
      tok.end();
      w.take(0);
    };
  }
} else {
  const make = await lexer(ROOTS.new);
  const { EVENT_PLAIN } = await load(ROOTS.new, 'ingest/lex-batch.js');
  const lexerMod = await load(ROOTS.new, 'ingest/lexer.js');
  const batches = [];
  const [w, tok] = make();
  chunks((text) => { tok.push(text); if (w.size > 0) batches.push(w.take(0).batch); });
  tok.end();
  if (w.size > 0) batches.push(w.take(0).batch);
  // The old layout kept status, template and category in arrays of their own.
  const S = lexerMod.TEXT_FIELDS.length - 1;
  for (const b of batches) {
    for (const [k, f] of [['status', lexerMod.STATUS], ['template', lexerMod.TEMPLATE], ['category', lexerMod.CATEGORY]]) {
      b[k] = Int32Array.from({ length: b.count }, (_, i) => b.texts[i * S + f - 1]);
    }
  }
  for (const name of ['old', 'new']) {
    const { FileRows, LogBuilder } = await load(ROOTS[name], 'ingest/log.js');
    const { TimeZone } = await load(ROOTS[name], 'model/time.js');
    const perRow = FileRows.prototype.addLexed.length === 3;
    jobs[name] = () => {
      const builder = new LogBuilder();
      const rows = new FileRows('log.csv', builder, 'log.csv', null, TimeZone.of('UTC'));
      for (const b of batches) {
        const strings = Int32Array.from(b.strings, (s) => builder.store.strings.id(s));
        for (let i = 0; i < b.count; i++) {
          if (b.event[i] !== EVENT_PLAIN) continue;
          if (perRow) rows.addLexed(b, i, strings);
          else rows.addLexed(b, i, i + 1, strings);
        }
      }
    };
  }
}

const times = { old: [], new: [] };
for (let r = 0; r < rounds; r++) {
  for (const name of r % 2 ? ['old', 'new'] : ['new', 'old']) {
    const t = performance.now();
    jobs[name]();
    times[name].push(performance.now() - t);
  }
}
for (const name of ['old', 'new']) {
  const v = [...times[name]].sort((a, b) => a - b);
  const m = v.length >> 1;
  console.log(`${name} ${mode}: min ${v[0].toFixed(0)} ms, median ${(v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2).toFixed(0)} ms`);
}
