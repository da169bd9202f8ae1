// Hostile input, generated: valid CSV, JSON, NDJSON and webhook samples broken by byte flips,
// truncation, inserted quotes, delimiters, NULs and newlines, deep nesting and huge fields. The
// audit must end in a report whose row accounting holds, or in a located error of the input
// (a WaAuditError that is not internal); never an internal error or anything thrown raw.
// The seed is fixed; FUZZ_RUNS (`npm run fuzz`) runs more cases.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { robbu } from '../src/engine/rulesets/robbu.js';
import { bytesSource, readLog } from '../src/ingest/read.js';
import { WaAuditError } from '../src/model/errors.js';
import { TimeZone } from '../src/model/time.js';
import { auditLog } from '../src/pipeline.js';
import { PLAIN, RENDERERS } from '../src/render/index.js';
import { buildMapping } from '../src/ingest/presets.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);

const SAMPLES: { name: string; bytes: Buffer; preset: string | null }[] = [
  { name: 'log.csv', bytes: readFileSync('fixtures/examples/05.csv'), preset: null },
  { name: 'log.csv', bytes: readFileSync('fixtures/providers/helpdesk-ptbr.csv'), preset: 'br-helpdesk' },
  { name: 'log.ndjson', bytes: readFileSync('fixtures/providers/meta-webhook.ndjson'), preset: null },
  { name: 'log.json', bytes: readFileSync('fixtures/providers/twilio-templates.json'), preset: 'twilio' },
  { name: 'log.json', bytes: readFileSync('fixtures/hostile/big_ids.json'), preset: null },
];

/** One way to break a text. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip'), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('cut'), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert'),
    at: fc.nat(),
    text: fc.constantFrom('"', ',', ';', '\t', '\u0000', '\n', '\r', '\r\n', '{', '[', '}', ']', '\\', '\uFEFF', '\u001b[2J', '\u00ff'),
  }),
  fc.record({ kind: fc.constant('deep'), at: fc.nat(), depth: fc.integer({ min: 1, max: 5000 }) }),
  fc.record({ kind: fc.constant('huge'), at: fc.nat(), size: fc.integer({ min: 1, max: 200_000 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function apply(bytes: Buffer, m: Mutation): Buffer {
  const at = bytes.length === 0 ? 0 : m.at % (bytes.length + 1);
  const insert = (b: Buffer): Buffer => Buffer.concat([bytes.subarray(0, at), b, bytes.subarray(at)]);
  switch (m.kind) {
    case 'flip': {
      const copy = Buffer.from(bytes);
      if (copy.length > 0) copy[at % copy.length] = m.byte;
      return copy;
    }
    case 'cut':
      return bytes.subarray(0, at);
    case 'insert':
      return insert(Buffer.from(m.text, 'utf8'));
    case 'deep':
      return insert(Buffer.from('['.repeat(m.depth) + ']'.repeat(m.depth % 3 === 0 ? 0 : m.depth)));
    case 'huge':
      return insert(Buffer.alloc(m.size, 'x'));
  }
}

async function auditBytes(name: string, bytes: Buffer, preset: string | null): Promise<void> {
  let log;
  try {
    log = await readLog([bytesSource(name, bytes)], {
      zone: TimeZone.of('UTC') as TimeZone,
      dayOrder: null,
      mapping: buildMapping(preset, []),
    });
  } catch (err) {
    // A located error of the input is a fine outcome; anything else is a fault.
    if (!(err instanceof WaAuditError) || err.code === 'internal') throw err;
    return;
  }
  expect(log.rows).toBe(log.messageCount + log.duplicates + log.rejected.length);
  for (const format of ['json', 'table'] as const) {
    const ctx = { style: PLAIN, locale: 'pt-BR', limit: 5 };
    const report = auditLog(log, robbu, { timezone: 'UTC', from: null, to: null, listLimit: RENDERERS[format].rowsNeeded(ctx) });
    let text = '';
    for (const chunk of RENDERERS[format].render(report, ctx)) text += chunk;
    if (format === 'json') JSON.parse(text);
    else expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001a\u001c-\u001f\u007f-\u009f]/);
  }
}

describe('fuzz: hostile variants of valid samples', () => {
  it.each(SAMPLES.map((s, i) => [i, s.name, s.preset] as const))('sample %i (%s, preset %s)', async (i) => {
    const sample = SAMPLES[i];
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (ms) => {
        const bytes = ms.reduce(apply, sample.bytes);
        await auditBytes(sample.name, bytes, sample.preset);
      }),
      { numRuns: RUNS, seed: SEED + i },
    );
  }, 120_000);
});
