// The CSV worker thread (`csv-worker.ts`) seen from the main thread. It is started as soon as a
// file is known to be large enough, before the file's encoding survey, so that its start (a
// new V8 isolate compiling its modules, some tens of milliseconds) overlaps the survey and the
// first rows instead of delaying the rest of the file; it is told where to begin reading once
// the main thread has read the header and the first rows, and is stopped whatever happens.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError } from '../model/errors.js';
import type { CsvWorkerData, CsvWorkerEnd } from './csv-worker.js';
import type { LexBatch } from './lex-batch.js';

const CSV_WORKER = new URL('./csv-worker.js', import.meta.url);

/** Whether a worker thread can run: from the built files only (the worker is a compiled module). */
export function readerThreadAvailable(): boolean {
  return existsSync(fileURLToPath(CSV_WORKER));
}

export class ReaderThread {
  private readonly worker: Worker;
  /** Rejects the read under way, once `read` has begun. */
  private fail: ((err: Error) => void) | null = null;
  /** What stopped the worker before `read` began. */
  private failure: Error | null = null;

  constructor() {
    // A small young generation: the worker keeps little (a chunk of text, the batch it fills).
    this.worker = new Worker(CSV_WORKER, { resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    const stopped = (err: Error): void => {
      if (this.fail !== null) this.fail(err);
      else this.failure ??= err;
    };
    this.worker.on('error', stopped);
    this.worker.on('exit', (code) => stopped(new Error(`the CSV reader thread stopped (exit code ${code})`)));
  }

  /**
   * Has the worker read `data.path` from `data.start` to its end, handing each lexed batch to
   * `apply` in file order. `started` runs once the worker has been told to begin (work for the
   * main thread that can overlap the worker's first batch). `file` names the file in errors.
   */
  read(data: CsvWorkerData, file: string, apply: (batch: LexBatch) => void, started: () => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.failure !== null) {
        reject(this.failure);
        return;
      }
      this.fail = reject;
      this.worker.on('message', (m: LexBatch | CsvWorkerEnd) => {
        try {
          if ('done' in m) resolve();
          else if ('error' in m) reject(new InputError(`cannot read: ${m.error}`, file));
          else {
            this.worker.postMessage('taken');
            apply(m);
          }
        } catch (err) {
          reject(err);
        }
      });
      this.worker.postMessage(data);
      try {
        started();
      } catch (err) {
        reject(err);
      }
    });
  }

  /** Stops the worker, used or not. */
  async stop(): Promise<void> {
    this.fail = null;
    this.failure = null;
    await this.worker.terminate();
  }
}
