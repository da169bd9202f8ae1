// Text from the input, made safe to show to people: control characters (C0, DEL, C1) and the
// characters that reorder or hide text on screen (bidirectional overrides and isolates, line
// and paragraph separators) are written as escapes, so that a value in an export can neither
// drive the terminal (ESC sequences, BEL, a CR that overwrites a line) nor disguise itself.
// Every human output (the table, stderr) passes input text through `visible`.

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };

function escape(c: string): string {
  const named = NAMED[c];
  if (named !== undefined) return named;
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every unsafe character written as an escape (`\e`, `\r`, `\x07`, `\u202e`). */
export function visible(text: string): string {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(text) ? text.replace(UNSAFE, escape) : text;
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Input text for HTML and XML, in element content and attribute values alike: unsafe
 * characters as `visible` writes them (XML 1.0 cannot carry most of them), markup characters
 * as entities.
 */
export function escapeMarkup(text: string): string {
  return visible(text).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}
