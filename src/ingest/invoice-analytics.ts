// Meta's analytics as an invoice (reconcile.md; meta-rulesets.md, "pricing_analytics",
// "conversation_analytics"): the Graph API's answer as saved, `{"pricing_analytics": {"data":
// [{"data_points": [...]}]}}` (or `conversation_analytics`, or the bare `data_points` list), each
// data point a bucket line: [start, end) in Unix seconds, a class, a pricing type, a country, a
// phone number, a volume and an approximate cost in the account's currency. Numbers are read as
// written (never through a float); every data point keeps the line its object starts on.
import { InputError, UsageError } from '../model/errors.js';
import type { InvoiceBucketLine, InvoiceFile, InvoiceKind, InvoiceRejection } from '../model/invoice.js';
import { parseAmount } from '../model/money.js';
import { normaliseAddress } from '../model/vocabulary.js';
import { settleSign, turned } from './invoice-money.js';
import { jsonObject, JsonNumber, JsonTextError, parseJson, type JsonValue } from './json-value.js';
import { CLASS_HINT, classOf, foldEntryPoint, type InvoiceOptions, PRICING_HINT, pricingOf } from './invoice-words.js';

/** The line of every JSON object's opening brace, in document order. */
function objectLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123) lines.push(line);
  }
  return lines;
}

/** Every object of a parsed value with its document-order index (the order its brace appears in). */
function objectIndex(root: JsonValue): Map<object, number> {
  const index = new Map<object, number>();
  const stack: JsonValue[] = [root];
  while (stack.length > 0) {
    const v = stack.pop() as JsonValue;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
    } else if (jsonObject(v) !== null) {
      index.set(v as object, index.size);
      const values = Object.values(v as Record<string, JsonValue>);
      for (let i = values.length - 1; i >= 0; i--) stack.push(values[i]);
    }
  }
  return index;
}

/** The data points of an analytics answer, with the kind and the JSON pointer of each. */
function dataPoints(root: JsonValue): { kind: InvoiceKind; points: { value: JsonValue; pointer: string }[] } | null {
  const top = jsonObject(root);
  for (const field of ['pricing_analytics', 'conversation_analytics'] as const) {
    const section = jsonObject(top?.[field]);
    const data = section?.data;
    if (!Array.isArray(data)) continue;
    const points = data.flatMap((d: JsonValue, i: number) => {
      const list = jsonObject(d)?.data_points;
      return Array.isArray(list) ? list.map((value: JsonValue, k: number) => ({ value, pointer: `/${field}/data/${i}/data_points/${k}` })) : [];
    });
    return { kind: field, points };
  }
  const bare = top?.data_points ?? (Array.isArray(root) ? root : undefined);
  if (!Array.isArray(bare)) return null;
  const points = (bare as JsonValue[]).map((value, k) => ({ value, pointer: Array.isArray(root) ? `/${k}` : `/data_points/${k}` }));
  const first = jsonObject(points[0]?.value);
  return { kind: first !== null && 'conversation' in first ? 'conversation_analytics' : 'pricing_analytics', points };
}

const text = (v: unknown): string => (typeof v === 'string' ? v : v instanceof JsonNumber ? v.text : '');

export function readAnalytics(file: string, body: string, options: InvoiceOptions): InvoiceFile {
  let root: JsonValue;
  try {
    root = parseJson(body);
  } catch (err) {
    if (!(err instanceof JsonTextError)) throw err;
    throw new InputError(`not JSON: ${err.message}`, file, body.slice(0, err.at).split('\n').length);
  }
  const found = dataPoints(root);
  if (found === null) throw new InputError('not Meta analytics: no pricing_analytics.data[].data_points, conversation_analytics.data[].data_points or data_points list', file, 1);
  const lines = objectLines(body);
  const order = objectIndex(root);
  const pricingKind = found.kind === 'pricing_analytics';
  let buckets: InvoiceBucketLine[] = [];
  const rejected: InvoiceRejection[] = [];
  let scale = 0;
  for (const { value, pointer } of found.points) {
    const point = jsonObject(value);
    const line = point === null ? 1 : (lines[order.get(point) ?? -1] ?? 1);
    const reject = (reason: string): void => void rejected.push({ file, line, pointer, reason });
    if (point === null) {
      reject('a data point is not an object');
      continue;
    }
    const start = text(point.start);
    const end = text(point.end);
    if (!/^\d+$/.test(start) || !/^\d+$/.test(end) || Number(end) <= Number(start)) {
      reject(`start '${start}' and end '${end}' are not Unix seconds with end after start`);
      continue;
    }
    const from = Number(start) * 1000;
    const count = text(pricingKind ? point.volume : point.conversation);
    if (!/^\d+$/.test(count)) {
      reject(`${pricingKind ? 'volume' : 'conversation'} '${count}' is not a whole number`);
      continue;
    }
    const typeWord = text(pricingKind ? point.pricing_type : point.conversation_type);
    const pricing = pricingOf(typeWord, from, options.zone);
    if (pricing === undefined) {
      reject(`${pricingKind ? 'pricing_type' : 'conversation_type'} '${typeWord}' is ${PRICING_HINT}`);
      continue;
    }
    // Conversations of 2022 have a direction and no category: the direction is their class.
    const category = text(pricingKind ? point.pricing_category : point.conversation_category);
    const word = category !== '' && category !== 'UNKNOWN' ? category : text(point.conversation_direction);
    // (A free entry point's category may be any word: its class is the entry point.)
    const chargeClass = pricing === 'free_entry_point' ? pricing : classOf(word);
    if (chargeClass === undefined || chargeClass === 'charged') {
      reject(`${pricingKind ? 'pricing_category' : 'conversation_category'} '${word}' is ${CLASS_HINT}`);
      continue;
    }
    const cost = text(point.cost);
    const amount = cost === '' ? null : parseAmount(cost);
    if (cost !== '' && amount === null) {
      reject(`cost '${cost}' is not a number`);
      continue;
    }
    if (amount !== null && options.currency === null) {
      throw new UsageError(`${file}: analytics costs are in the account's currency, which the file does not name: pass --currency`);
    }
    if (amount !== null) scale = Math.max(scale, amount.decimalPlaces());
    const phone = text(point.phone_number);
    buckets.push({
      file,
      line,
      pointer,
      from,
      to: Number(end) * 1000,
      ...foldEntryPoint(chargeClass, pricing),
      market: text(point.country) || null,
      business: phone === '' ? null : normaliseAddress(phone),
      count: Number(count),
      amount,
      currency: amount === null ? null : options.currency,
      scale: 0,
    });
  }
  const negativeCharges = settleSign(buckets);
  if (negativeCharges) buckets = buckets.map(turned);
  return {
    file,
    kind: found.kind,
    lines: [],
    buckets: buckets.map((b) => ({ ...b, scale })),
    other: [],
    rejected,
    decimalMark: null,
    negativeCharges,
    skipped: 0,
    counts: pricingKind ? 'messages' : 'conversations',
  };
}
