#!/usr/bin/env node
// Seeded synthetic message logs in the canonical CSV shape (about 96 bytes a row): a month of
// conversations between a few business numbers and many contacts, with status rows that share
// a message id. Same seed, same bytes.
//
// `--pricing` makes the log the pricing benchmark reads: the month runs from 2025-06-16 to
// 2025-07-16 (across Meta's 2025-07-01 switch), contacts are in several markets (Brazil most,
// then Mexico, the US, India, Germany, Nigeria, and a country of no listed market), templates
// of every category, and inbound messages from ads (`entry_point`). Without it the bytes are
// those of the logs measured before (the same seed gives the same file).
//
//   node bench/gen.js ROWS OUT.csv [--shuffle] [--seed N] [--pricing [--from yyyy-MM-dd]]
import { createWriteStream } from 'node:fs';

export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const START = Date.UTC(2025, 2, 1);
const MONTH_S = 31 * 24 * 3600;
const BUSINESSES = ['551140040001', '552130030002', '553133330003'];
const TEMPLATES = [
  ['promo_marco', 'marketing'],
  ['boleto_vencendo', 'utility'],
  ['codigo_acesso', 'authentication'],
];
/** The pricing log's templates (four categories) and contacts' country prefixes, by weight. */
const PRICING_TEMPLATES = [
  ['promo_julho', 'marketing'],
  ['pedido_enviado', 'utility'],
  ['codigo_acesso', 'authentication'],
  ['codigo_exterior', 'authentication_international'],
];
const PRICING_START = Date.UTC(2025, 5, 16);
/** c -> a contact number: 70% Brazil, then Mexico, the US, India, Germany, Nigeria, Kazakhstan. */
function pricingContact(c) {
  const digits = String(10000000 + c).slice(-8);
  const k = c % 20;
  if (k < 14) return `55${11 + (c % 80)}9${digits}`;
  if (k < 16) return `5255${digits}`;
  if (k < 17) return `1202${digits.slice(1)}`;
  if (k < 18) return `9198${digits}`;
  if (k < 19) return c % 2 === 0 ? `49151${digits}` : `2348${digits.slice(0, 7)}`;
  return `7701${digits.slice(1)}`;
}

/**
 * The rows, as compact records (typed arrays, so that 10M rows fit in memory), in time order
 * unless shuffled (the sort is stable: rows of one second keep their generation order).
 */
export function generate(rows, { seed = 1, shuffle = false, pricing = false, from = null } = {}) {
  const pricingStart = from === null ? PRICING_START : Date.parse(`${from}T00:00:00Z`);
  const rnd = mulberry32(seed);
  const contacts = Math.max(1, Math.floor(rows / 20));
  const time = new Int32Array(rows); // seconds from START
  const contact = new Int32Array(rows);
  const id = new Int32Array(rows);
  // bit 0 outbound, bit 1 template, bits 2-3 template index, bits 4-6 status:
  // 0 none, 1 failed, 2 delivered, 3 read, 4 sent
  const flags = new Uint8Array(rows);
  let n = 0;
  let nextId = 0;
  while (n < rows) {
    const c = Math.floor(rnd() * contacts);
    // A burst of a conversation: a few messages within a couple of days.
    let t = Math.floor(rnd() * MONTH_S);
    const burst = 1 + Math.floor(rnd() * 6);
    for (let k = 0; k < burst && n < rows; k++) {
      t += Math.floor(rnd() * 6 * 3600);
      const r = rnd();
      const outbound = r >= 0.4;
      const template = outbound && r > 0.75;
      const tpl = template ? Math.floor(rnd() * (pricing ? PRICING_TEMPLATES : TEMPLATES).length) : 0;
      const f = rnd();
      const status = !outbound ? 0 : f < 0.03 ? 1 : f < 0.5 ? 2 : 3;
      const mid = nextId++;
      // The pricing log: one inbound message in twenty comes from an ad (bit 7).
      const ad = pricing && !outbound && rnd() < 0.05;
      const bits = (outbound ? 1 : 0) | (template ? 2 : 0) | (tpl << 2) | (ad ? 128 : 0);
      time[n] = t;
      contact[n] = c;
      id[n] = mid;
      flags[n++] = bits | (status << 4);
      // One outbound message in ten also has its `sent` status row, a second earlier.
      if (outbound && rnd() < 0.1 && n < rows) {
        time[n] = t - 1;
        contact[n] = c;
        id[n] = mid;
        flags[n++] = bits | (4 << 4);
      }
    }
  }
  let order;
  if (shuffle) {
    order = new Int32Array(rows);
    for (let i = 0; i < rows; i++) order[i] = i;
    for (let i = rows - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      const x = order[i];
      order[i] = order[j];
      order[j] = x;
    }
  } else {
    // Time and position packed in one float64 each: a native sort, stable by construction.
    const slots = 2 ** Math.ceil(Math.log2(rows + 1));
    const keys = new Float64Array(rows);
    for (let i = 0; i < rows; i++) keys[i] = (time[i] + 3600) * slots + i;
    keys.sort();
    order = new Int32Array(rows);
    for (let i = 0; i < rows; i++) order[i] = keys[i] % slots;
  }
  const STATUS = ['', 'failed', 'delivered', 'read', 'sent'];
  // The pricing log differs in its templates, start, contacts and one more column (bit 7: from an ad).
  const templates = pricing ? PRICING_TEMPLATES : TEMPLATES;
  const start = pricing ? pricingStart : START;
  const contactOf = pricing ? pricingContact : (c) => `55${11 + (c % 80)}9${String(10000000 + c).slice(-8)}`;
  return {
    rows,
    header: pricing ? `${HEADER},entry_point` : HEADER,
    line(k) {
      const i = order[k];
      const c = contact[i];
      const f = flags[i];
      const outbound = (f & 1) === 1;
      const template = (f & 2) === 2;
      const [name, category] = template ? templates[(f >> 2) & 3] : ['', ''];
      const ts = new Date((start / 1000 + time[i]) * 1000).toISOString().slice(0, 19) + 'Z';
      return (
        `wamid.${String(id[i]).padStart(10, '0')},${ts},${BUSINESSES[c % BUSINESSES.length]},${contactOf(c)},` +
        `${outbound ? 'outbound' : 'inbound'},${template ? 'template' : 'text'},${STATUS[(f >> 4) & 7]},${name},${category}` +
        (pricing ? `,${f & 128 ? 'ad' : ''}` : '')
      );
    },
  };
}

export const HEADER = 'id,timestamp,business,contact,direction,type,status,template,category';

export async function writeLog(path, rows, options) {
  const log = generate(rows, options);
  const stream = createWriteStream(path);
  const write = (s) => (stream.write(s) ? null : new Promise((r) => stream.once('drain', r)));
  await write(log.header + '\n');
  for (let i = 0; i < log.rows; i += 10_000) {
    const lines = [];
    for (let k = i; k < Math.min(i + 10_000, log.rows); k++) lines.push(log.line(k));
    await write(lines.join('\n') + '\n');
  }
  await new Promise((r) => stream.end(r));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [rows, path] = process.argv.slice(2);
  const seedAt = process.argv.indexOf('--seed');
  await writeLog(path, Number(rows), {
    shuffle: process.argv.includes('--shuffle'),
    seed: seedAt > 0 ? Number(process.argv[seedAt + 1]) : 1,
    pricing: process.argv.includes('--pricing'),
    from: process.argv.includes('--from') ? process.argv[process.argv.indexOf('--from') + 1] : null,
  });
}
