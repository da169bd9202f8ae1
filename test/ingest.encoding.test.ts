// The encoding survey (`surveyBytes`) and the decoder it chooses: a file of ASCII bytes only is
// decoded as Latin-1 (a plain copy), which must give the text its encoding's decoder gives.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decoderFor, decodingOf, type Encoding, surveyBytes, surveyFile } from '../src/ingest/encoding.js';

const tmp = mkdtempSync(join(tmpdir(), 'wa-audit-encoding-'));

/** `bytes` as a source read in chunks cut at `cuts`. */
function chunked(bytes: Uint8Array, cuts: readonly number[]): () => AsyncIterable<Uint8Array> {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  return async function* () {
    let from = 0;
    for (const c of [...at, bytes.length]) {
      if (c > from) yield bytes.subarray(from, c);
      from = Math.max(from, c);
    }
  };
}

async function survey(bytes: Uint8Array, cuts: readonly number[] = [], given: Encoding | null = null) {
  return surveyBytes(chunked(bytes, cuts), 'log.csv', given);
}

/** The text as the chosen decoder makes it from the same chunks. */
async function decodedText(bytes: Uint8Array, cuts: readonly number[], given: Encoding | null): Promise<string> {
  const s = await survey(bytes, cuts, given);
  const decoder = decoderFor(decodingOf(s));
  let text = '';
  for await (const chunk of chunked(bytes, cuts)()) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('the encoding survey', () => {
  it('says a file is ASCII when every byte is, and not otherwise', async () => {
    expect((await survey(bytesOf('id,timestamp\nwamid.1,2025-03-01T10:00:00Z\n'))).ascii).toBe(true);
    // One multi-byte character anywhere, even cut between chunks at the very end.
    const utf8 = bytesOf('id,template\nwamid.1,promoção\n');
    expect((await survey(utf8)).ascii).toBe(false);
    expect((await survey(utf8.subarray(0, utf8.length - 3), [utf8.length - 4])).ascii).toBe(false);
    // A byte order mark is not ASCII; nor is a Windows-1252 byte.
    expect((await survey(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x0a]))).ascii).toBe(false);
    const cp1252 = await survey(new Uint8Array([0x61, 0x2c, 0x8c, 0x0a]));
    expect(cp1252.encoding).toBe('windows-1252');
    expect(cp1252.ascii).toBe(false);
    // UTF-16 is two bytes a character, never read as Latin-1.
    expect((await survey(new Uint8Array([0xff, 0xfe, 0x61, 0x00, 0x0a, 0x00]))).ascii).toBe(false);
    // --encoding windows-1252 on ASCII bytes: the same text either way.
    expect((await survey(bytesOf('a,b\n'), [], 'windows-1252')).ascii).toBe(true);
  });

  it('decodes to the text its encoding would give, however the file is cut into chunks', async () => {
    // Mostly ASCII, with multi-byte characters, invalid bytes and Windows-1252 bytes now and then.
    const byte = fc.oneof(
      { weight: 20, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
      { weight: 2, arbitrary: fc.constantFrom(0x0a, 0x0d, 0x2c, 0x22) },
      { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }) },
    );
    const piece = fc.oneof(
      { weight: 6, arbitrary: fc.array(byte, { maxLength: 40 }).map((b) => Uint8Array.from(b)) },
      { weight: 1, arbitrary: fc.constantFrom('ç', 'ã', '€', '😀').map(bytesOf) },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.constantFrom<Encoding | null>(null, null, 'utf-8', 'windows-1252'),
        async (pieces, cuts, given) => {
          const bytes = Uint8Array.from(pieces.flatMap((p) => [...p]));
          const s = await survey(bytes, cuts, given);
          expect(s.ascii).toBe(bytes.every((b) => b < 0x80));
          // A file read synchronously is surveyed alike.
          const path = join(tmp, 'log.csv');
          writeFileSync(path, bytes);
          expect(surveyFile(path, 'log.csv', given)).toEqual(s);
          // (Streaming: Node 20's one-shot windows-1252 decoding reads 0x80-0x9F as Latin-1.)
          const reference = new TextDecoder(s.encoding);
          const expected = reference.decode(bytes, { stream: true }) + reference.decode();
          expect(await decodedText(bytes, cuts, given)).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps a character cut by the end of the first 1 MiB read, though the next read reuses the buffer', () => {
    // 'ç' (C3 A7) across the first read's end; the second read fills the whole buffer again.
    const bytes = new Uint8Array((2 << 20) + 6).fill(0x62);
    bytes.fill(0x61, 0, (1 << 20) - 1);
    bytes[(1 << 20) - 1] = 0xc3;
    bytes[1 << 20] = 0xa7;
    const path = join(tmp, 'cut.csv');
    writeFileSync(path, bytes);
    expect(surveyFile(path, 'cut.csv', null)).toEqual({ encoding: 'utf-8', invalid: 0, nul: false, crOnly: false, ascii: false });
  });

  it('leaves an unreadable file to the read that says why', async () => {
    const s = surveyFile(join(tmp, 'missing.csv'), 'missing.csv', null);
    expect(s.ascii).toBe(false);
  });
});
