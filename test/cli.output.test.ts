// Writing a report's chunks (`writeAll`): every chunk once and in order, with back-pressure
// (no more than about twice the stream's high-water mark buffered), and the next write started
// as soon as one is done, though chunks are still being made (the writer is not left idle
// until the maker next waits).
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeAll } from '../src/cli/output.js';

/** Keeps the thread busy for `ms`, as making a chunk of a large report does. */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('writing chunks with back-pressure', () => {
  it('writes every chunk in order, keeps the buffer bounded, and starts each write once the last is done', async () => {
    const HWM = 4096;
    let written = '';
    // A write is done on the device at `doneAt`; its callback runs on the event loop.
    let doneAt = Infinity;
    let writes = 0;
    const stream = new Writable({
      highWaterMark: HWM,
      decodeStrings: false,
      writev(chunks, callback) {
        writes++;
        doneAt = performance.now() + 1;
        setTimeout(() => {
          for (const c of chunks) written += c.chunk as string;
          doneAt = Infinity;
          callback();
        }, 1);
      },
    });
    let most = 0;
    // Chunks made while a finished write waited for its callback: the device idle.
    let madeWhileIdle = 0;
    const sent: string[] = [];
    function* chunks(): Generator<string> {
      for (let i = 0; i < 300; i++) {
        busy(0.2);
        most = Math.max(most, stream.writableLength);
        if (performance.now() > doneAt + 0.5) madeWhileIdle++;
        const chunk = `${String(i).padStart(4, '0')}:${'x'.repeat(500)}\n`;
        sent.push(chunk);
        yield chunk;
      }
    }
    await writeAll(chunks(), stream, null);
    expect(written).toBe(sent.join(''));
    expect(most).toBeLessThan(2 * HWM + 600);
    // Each finished write is taken up within a chunk or two.
    expect(madeWhileIdle).toBeLessThanOrEqual(2 * writes);
    // It leaves no listener of its own waiting on the stream (standard output outlives it).
    expect(stream.listenerCount('close')).toBe(0);
  });
});
