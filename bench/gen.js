#!/usr/bin/env node
// Seeded synthetic message logs in the canonical CSV shape (about 96 bytes a row): a month of
// conversations between a few business numbers and many contacts, with status rows that share
// a message id. Same seed, same bytes.
//
//   node bench/gen.js ROWS OUT.csv [--shuffle] [--seed N]
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

/** Rows as CSV lines (no header), in time order unless shuffled. */
export function generate(rows, { seed = 1, shuffle = false } = {}) {
  const rnd = mulberry32(seed);
  const contacts = Math.max(1, Math.floor(rows / 20));
  const out = [];
  let id = 0;
  while (out.length < rows) {
    const c = Math.floor(rnd() * contacts);
    const contact = '55' + String(11 + (c % 80)) + '9' + String(10000000 + c).slice(-8);
    const business = BUSINESSES[c % BUSINESSES.length];
    // A burst of a conversation: a few messages within a couple of days.
    let t = Math.floor(rnd() * MONTH_S);
    const burst = 1 + Math.floor(rnd() * 6);
    for (let k = 0; k < burst && out.length < rows; k++) {
      t += Math.floor(rnd() * 6 * 3600);
      const r = rnd();
      const direction = r < 0.4 ? 'inbound' : 'outbound';
      const template = direction === 'outbound' && r > 0.75;
      const [name, category] = template ? TEMPLATES[Math.floor(rnd() * TEMPLATES.length)] : ['', ''];
      const f = rnd();
      const status = direction === 'inbound' ? '' : f < 0.03 ? 'failed' : f < 0.5 ? 'delivered' : 'read';
      const mid = 'wamid.' + String(id++).padStart(10, '0');
      const ts = new Date((START / 1000 + t) * 1000).toISOString().slice(0, 19) + 'Z';
      const type = template ? 'template' : 'text';
      out.push([t, `${mid},${ts},${business},${contact},${direction},${type},${status},${name},${category}`]);
      // One outbound message in ten also has its `sent` status row, a second earlier.
      if (direction === 'outbound' && rnd() < 0.1 && out.length < rows) {
        const ts0 = new Date((START / 1000 + t - 1) * 1000).toISOString().slice(0, 19) + 'Z';
        out.push([t - 1, `${mid},${ts0},${business},${contact},${direction},${type},sent,${name},${category}`]);
      }
    }
  }
  if (shuffle) {
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
  } else {
    out.sort((a, b) => a[0] - b[0]);
  }
  return out.map((r) => r[1]);
}

export const HEADER = 'id,timestamp,business,contact,direction,type,status,template,category';

export async function writeLog(path, rows, options) {
  const lines = generate(rows, options);
  const stream = createWriteStream(path);
  const write = (s) => (stream.write(s) ? null : new Promise((r) => stream.once('drain', r)));
  await write(HEADER + '\n');
  for (let i = 0; i < lines.length; i += 10_000) {
    await write(lines.slice(i, i + 10_000).join('\n') + '\n');
  }
  await new Promise((r) => stream.end(r));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [rows, path] = process.argv.slice(2);
  const seedAt = process.argv.indexOf('--seed');
  await writeLog(path, Number(rows), {
    shuffle: process.argv.includes('--shuffle'),
    seed: seedAt > 0 ? Number(process.argv[seedAt + 1]) : 1,
  });
}
