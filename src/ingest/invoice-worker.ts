// A worker thread that reads one invoice file (`readInvoice`) while the main thread replays the
// log (`wa-audit reconcile` starts it once the log is read, when the second core is idle), and
// hands it back packed (`invoice-pack.ts`). Errors come back as what they are: the main thread
// raises the same input or usage error, with its file and line.
import { readFileSync } from 'node:fs';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { describeSystemError, InputError, UsageError, WaAuditError } from '../model/errors.js';
import type { InvoiceFile } from '../model/invoice.js';
import { type DayOrder, TimeZone } from '../model/time.js';
import { readInvoice } from './invoice.js';
import type { InvoiceMap } from './invoice-map.js';
import type { DecimalMark } from './invoice-money.js';
import { packInvoice, type PackedInvoice, transferables, unpackInvoice } from './invoice-pack.js';

export interface InvoiceWorkerData {
  readonly file: string;
  readonly zone: string;
  readonly mark: DecimalMark | null;
  readonly dayOrder: DayOrder | null;
  readonly map: InvoiceMap | null;
  readonly period: { readonly from: number; readonly to: number } | null;
}

/** The invoice; or that it is JSON (Meta's analytics, whose costs need the currency the main thread settles), read there. */
type Answer = { readonly invoice: PackedInvoice } | { readonly json: true } | { readonly error: { readonly code: string; readonly message: string; readonly file?: string; readonly line?: number } };

/** This thread's answer: the invoice read and packed, or that it is JSON, or the error. */
function answer(data: InvoiceWorkerData): { answer: Answer; transfer: ArrayBuffer[] } {
  try {
    let text: string;
    try {
      text = readFileSync(data.file, 'utf8');
    } catch (err) {
      throw new InputError(`cannot read: ${describeSystemError(err)}`, data.file);
    }
    if (/^\s*[{[]/.test(text.replace(/^\uFEFF/, ''))) return { answer: { json: true }, transfer: [] };
    const zone = TimeZone.of(data.zone) as TimeZone;
    // Amounts without a currency are given theirs on the main thread, which knows the card's.
    const invoice = packInvoice(readInvoice(data.file, text, { zone, mark: data.mark, currency: null, dayOrder: data.dayOrder, map: data.map, period: data.period }));
    return { answer: { invoice }, transfer: transferables(invoice) };
  } catch (err) {
    if (!(err instanceof WaAuditError)) throw err;
    return { answer: { error: { code: err.code, message: err.message, file: err.file, line: err.line } }, transfer: [] };
  }
}

const started = (workerData as { invoiceWorker?: InvoiceWorkerData } | null)?.invoiceWorker;
if (parentPort !== null && started !== undefined) {
  const { answer: a, transfer } = answer(started);
  parentPort.postMessage(a, transfer);
}

/**
 * Starts reading an invoice on another thread; the promise gives it read (amounts without a
 * currency in `currency`), or `json` for a JSON file (to be read on this thread), or fails
 * with the error reading it on this thread would have.
 */
export function readInvoiceInWorker(data: InvoiceWorkerData): { read(currency: string | null): Promise<InvoiceFile | 'json'> } {
  const worker = new Worker(new URL('./invoice-worker.js', import.meta.url), { workerData: { invoiceWorker: data } });
  const answer = new Promise<Answer>((resolve, reject) => {
    worker.once('message', (m: Answer) => resolve(m));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the invoice reader thread stopped (exit code ${code})`)));
  });
  // Settled here too, so that an answer awaited late is never an unhandled rejection.
  answer.catch(() => undefined);
  return {
    read: async (currency) => {
      try {
        const m = await answer;
        if ('json' in m) return 'json';
        if ('error' in m) {
          const e = m.error;
          throw e.code === 'usage' ? new UsageError(e.message) : new InputError(e.message, e.file, e.line);
        }
        return unpackInvoice(m.invoice, currency);
      } finally {
        await worker.terminate();
      }
    },
  };
}
