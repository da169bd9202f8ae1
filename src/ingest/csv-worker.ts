// A worker thread that reads the rest of a large CSV file, from a record boundary, and lexes
// its lines (`lexCsv`, as the main thread does) into batches for the log (`lex-batch.ts`). It
// looks nothing up, so it can run ahead of the log; it waits when the log has not taken
// MAX_AHEAD batches yet, so that memory stays bounded. It is started before the main thread
// knows where the rest begins (`reader-thread.ts`): its first message says (`CsvWorkerData`).
import { createReadStream } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { describeSystemError } from '../model/errors.js';
import { decoderFor } from './encoding.js';
import { BatchWriter, type CsvLayout, lexCsv } from './lex-batch.js';

export interface CsvWorkerData {
  readonly path: string;
  /** Byte offset of the first record to read. */
  readonly start: number;
  /** Its physical line. */
  readonly line: number;
  /** How its bytes become text (`encoding.ts`): one byte per character, or UTF-8. */
  readonly decoding: 'utf-8' | 'windows-1252' | 'ascii';
  readonly layout: CsvLayout;
}

/** What the worker sends besides batches. */
export type CsvWorkerEnd = { readonly done: true } | { readonly error: string };

const MAX_AHEAD = 4;

async function run(port: NonNullable<typeof parentPort>, data: CsvWorkerData): Promise<void> {
  let ahead = 0;
  let resume: (() => void) | null = null;
  const writer = new BatchWriter();
  // The log took a batch.
  port.on('message', () => {
    ahead--;
    resume?.();
    resume = null;
  });
  const send = async (bytes: number): Promise<void> => {
    const { batch, transfer } = writer.take(bytes);
    port.postMessage(batch, transfer);
    if (++ahead >= MAX_AHEAD) await new Promise<void>((r) => (resume = r));
  };
  const tokenizer = lexCsv(writer, data.layout, data.line, true);
  const decoder = decoderFor(data.decoding);
  let bytes = data.start;
  for await (const chunk of createReadStream(data.path, { start: data.start, highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    bytes += chunk.byteLength;
    tokenizer.push(decoder.decode(chunk, { stream: true }));
    if (writer.size > 0) await send(bytes);
  }
  tokenizer.push(decoder.decode());
  tokenizer.end();
  await send(bytes);
  port.postMessage({ done: true } satisfies CsvWorkerEnd);
}

if (parentPort !== null) {
  const port = parentPort;
  port.once('message', (data: CsvWorkerData) => {
    run(port, data).catch((err: unknown) => {
      port.postMessage({ error: describeSystemError(err) } satisfies CsvWorkerEnd);
    });
  });
}
