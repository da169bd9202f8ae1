// The reconcile report's lists as column schemas (`schema.ts`), for the formats that walk
// columns (CSV, `--excel`): its lines, its buckets, its other charges and rejected lines, each
// column in the JSON report's name.
import { VERDICTS } from '../engine/reconcile.js';
import { list } from './schema.js';

const SIDES = {
  expected_class: 'text?',
  invoiced_class: 'text?',
  expected_amount: 'amount?',
  invoiced_amount: 'amount?',
  expected_currency: 'text?',
  invoiced_currency: 'text?',
  difference: 'amount?',
} as const;

export const RECONCILE_LINES = list(
  'lines',
  { verdict: VERDICTS, reason: 'text?', file: 'text?', line: 'int', message: 'text?', business: 'text?', contact: 'text?', at: 'instant?', ...SIDES },
  { title: 'Lines', columns: [] },
);

export const RECONCILE_BUCKETS = list(
  'buckets',
  { from: 'instant', to: 'instant', charge_class: 'text', pricing: 'text', market: 'text?', business: 'text?', expected_count: 'count', invoiced_count: 'count', expected_amount: 'amount?', invoiced_amount: 'amount?', expected_currency: 'text?', invoiced_currency: 'text?', difference: 'amount?' },
  { title: 'Buckets', columns: [] },
);

export const RECONCILE_OTHER = list('other-charges', { file: 'text', line: 'int', label: 'text', amount: 'amount?', currency: 'text?' }, { title: 'Other charges', columns: [] });

export const RECONCILE_REJECTED = list('rejected', { file: 'text', line: 'int', reason: 'text' }, { title: 'Rejected lines', columns: [] });
