// JSON array and NDJSON readers that keep the line on which every object starts. Objects are
// parsed one at a time by `parseJson` (numbers kept as written, a repeated key an error, nesting
// bounded), which stores a `__proto__` key as a plain own property: input cannot reach
// Object.prototype.

export interface JsonRecordSink {
  /** `pointer`: the element's JSON pointer in an array (`/3`), '' for an NDJSON line. */
  record(value: unknown, line: number, pointer: string): void;
  /** An element that cannot be read; reading goes on with the next one. */
  broken(line: number, pointer: string, code: 'invalid_json' | 'truncated_json' | 'bad_value', reason: string, text: string): void;
  /** The file as a whole is not of the shape it began as. */
  fatal(line: number, reason: string): never;
}

import { flat } from './csv.js';
import { JsonTextError, parseJson } from './json-value.js';

interface Reader {
  push(text: string): void;
  end(): void;
}

/** Parses one element; a text that cannot be read goes to `broken` with its code. */
function parseElement(
  text: string,
  line: number,
  pointer: string,
  sink: JsonRecordSink,
): void {
  let value: unknown;
  try {
    value = parseJson(text);
  } catch (err) {
    if (!(err instanceof JsonTextError)) throw err;
    sink.broken(line, pointer, err.code, err.message, text);
    return;
  }
  sink.record(value, line, pointer);
}

/** One JSON value a line; blank lines are skipped. */
export function readNdjson(sink: JsonRecordSink): Reader {
  let carry = '';
  let line = 1;
  const handle = (text: string): void => {
    const t = text.trim();
    if (t.length > 0) parseElement(t, line, '', sink);
    line++;
  };
  return {
    push(text) {
      const all = carry.length === 0 ? text : flat(carry + text);
      let pos = 0;
      for (let nl = all.indexOf('\n'); nl >= 0; nl = all.indexOf('\n', pos)) {
        handle(all.slice(pos, nl));
        pos = nl + 1;
      }
      carry = all.slice(pos);
    },
    end() {
      if (carry.length > 0) handle(carry);
      carry = '';
    },
  };
}

const WS = new Set([' ', '\t', '\r', '\n']);

/**
 * A top-level JSON array. The text is collected, then split into its elements by a scanner
 * that tracks strings and nesting, so a broken element is rejected alone with its line.
 */
export function readJsonArray(sink: JsonRecordSink): Reader {
  const parts: string[] = [];
  return {
    push(text) {
      parts.push(text);
    },
    end() {
      scanArray(parts.join(''), sink);
    },
  };
}

function scanArray(text: string, sink: JsonRecordSink): void {
  let i = 0;
  let line = 1;
  const n = text.length;
  const skipWs = (): void => {
    while (i < n && WS.has(text[i])) {
      if (text[i] === '\n') line++;
      i++;
    }
  };
  skipWs();
  i++; // the opening '['
  for (let index = 0; ; index++) {
    skipWs();
    if (i >= n) {
      sink.broken(line, `/${index}`, 'truncated_json', 'truncated JSON: the file ends before the array is closed', '');
      return;
    }
    if (text[i] === ']') {
      i++;
      skipWs();
      if (i < n) sink.fatal(line, 'unexpected text after the JSON array');
      return;
    }
    const startLine = line;
    const start = i;
    // Find the end of this element: depth 0 and at a ',' or ']'.
    let depth = 0;
    let inString = false;
    for (; i < n; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
        else if (c === '\n') line++;
        continue;
      }
      if (c === '"') inString = true;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        // At depth 0 a ']' closes the array; a stray '}' belongs to the (broken) element, so
        // that reading always moves on.
        if (depth > 0) depth--;
        else if (c === ']') break;
      } else if (c === ',' && depth === 0) break;
      else if (c === '\n') line++;
    }
    const pointer = `/${index}`;
    if (i >= n) {
      sink.broken(startLine, pointer, 'truncated_json', 'truncated JSON: the file ends inside this element', text.slice(start));
      return;
    }
    const slice = text.slice(start, i);
    if (slice.trim().length === 0) {
      sink.broken(startLine, pointer, 'invalid_json', 'invalid JSON: an empty element', slice);
    } else parseElement(slice, startLine, pointer, sink);
    if (text[i] === ',') i++;
  }
}
