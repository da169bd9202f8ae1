// A JSON parser for message logs, where JSON.parse loses what an auditor must keep: a number is
// kept as the text it was written as (ids and phone numbers beyond 2^53 are not rounded into
// one another), an object that names a key twice is an error (JSON.parse keeps the last value
// in silence), and nesting is bounded (no input reaches a stack limit). It has no recursion.
// `__proto__` is an own property, as with JSON.parse: input cannot reach Object.prototype.

/** A JSON number as it was written. Read it with `text`; it is never converted by the parser. */
export class JsonNumber {
  constructor(readonly text: string) {}
}

/** Objects and arrays may nest this deep; a log's objects (webhook bodies included) need about 8. */
export const MAX_JSON_DEPTH = 64;

/** Why a JSON text cannot be read: `invalid_json` for its syntax, `bad_value` for a repeated key. */
export class JsonTextError extends Error {
  constructor(
    readonly code: 'invalid_json' | 'bad_value',
    message: string,
    /** The offset in the text where the problem was found. */
    readonly at: number,
  ) {
    super(message);
  }
}

export type JsonValue = string | JsonNumber | boolean | null | JsonValue[] | { [key: string]: JsonValue };

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORDS: [string, JsonValue][] = [
  ['true', true],
  ['false', false],
  ['null', null],
];

interface Frame {
  readonly value: JsonValue[] | Record<string, JsonValue>;
  /** The key awaiting its value, in an object. */
  key: string | null;
}

/** Parses one JSON text (the whole of `text`, surrounding white space allowed). */
export function parseJson(text: string): JsonValue {
  let i = 0;
  const n = text.length;
  const fail = (what: string, at = i): never => {
    throw new JsonTextError('invalid_json', `invalid JSON: ${what} (at offset ${at})`, at);
  };
  const ws = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      i++;
    }
  };
  const found = (): string => (i >= n ? 'the end of the text' : `'${text[i]}'`);
  const string = (): string => {
    // At the opening quote.
    let out = '';
    let from = ++i;
    for (;;) {
      if (i >= n) fail('a string that is never closed', from - 1);
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20) fail('a control character inside a string (it must be escaped)');
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += text.slice(from, i);
      const e = text[i + 1];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('a \\u escape without four hex digits');
          out += String.fromCharCode(parseInt(hex, 16));
          i += 4;
          break;
        }
        default:
          fail('an unknown escape in a string');
      }
      i += 2;
      from = i;
    }
    out += text.slice(from, i);
    i++;
    return out;
  };

  const stack: Frame[] = [];
  let result: JsonValue = null;
  ws();
  for (;;) {
    // A value is expected here.
    let value: JsonValue;
    let open: Frame | null = null;
    const c = text[i];
    if (c === '{' || c === '[') {
      if (stack.length >= MAX_JSON_DEPTH) fail(`nested deeper than ${MAX_JSON_DEPTH} levels`);
      i++;
      open = { value: c === '{' ? {} : [], key: null };
      value = open.value;
    } else if (c === '"') value = string();
    else {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (m !== null && m[0].length > 0) {
        value = new JsonNumber(m[0]);
        i += m[0].length;
      } else {
        const word = WORDS.find(([w]) => text.startsWith(w, i));
        if (word === undefined) fail(`expected a value, found ${found()}`);
        value = word![1];
        i += word![0].length;
      }
    }
    // Put it in its container.
    const top = stack[stack.length - 1];
    if (top === undefined) result = value;
    else if (Array.isArray(top.value)) top.value.push(value);
    else {
      const o = top.value;
      const key = top.key as string;
      if (Object.prototype.hasOwnProperty.call(o, key)) {
        throw new JsonTextError('bad_value', `the key '${key}' appears twice in one object`, i);
      }
      if (key === '__proto__') Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
      else o[key] = value;
      top.key = null;
    }
    if (open !== null) stack.push(open);
    // What follows: a key, a separator, a close, or the end.
    let first = open !== null;
    for (;;) {
      ws();
      const frame = stack[stack.length - 1];
      if (frame === undefined) {
        if (i < n) fail(`unexpected ${found()} after the value`);
        return result;
      }
      const closer = Array.isArray(frame.value) ? ']' : '}';
      if (text[i] === closer) {
        i++;
        stack.pop();
        first = false;
        continue;
      }
      if (!first) {
        if (text[i] !== ',') fail(`expected ',' or '${closer}', found ${found()}`);
        i++;
        ws();
      }
      if (closer === '}') {
        if (text[i] !== '"') fail(`expected a property name in double quotes, found ${found()}`);
        frame.key = string();
        ws();
        if (text[i] !== ':') fail(`expected ':' after a property name, found ${found()}`);
        i++;
        ws();
      }
      break;
    }
  }
}

/** A parsed value that is an object (not an array, a number or null), or null. */
export function jsonObject(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof JsonNumber) ? (v as Record<string, unknown>) : null;
}

/** JSON text of a parsed value, numbers as written (for showing a rejected value). */
export function stringifyJson(v: unknown): string {
  const json = JSON.stringify(v, (_key, x: unknown) => (x instanceof JsonNumber ? `\u0000${x.text}\u0000` : x));
  if (json === undefined) return String(v);
  return json.replace(
    /"\\u0000([^"\\]*)\\u0000"/g,
    '$1',
  );
}
