// Output formats: one renderer each, chosen by name. Renderers only format the report.
import type { Renderer } from './context.js';
import { GITHUB_RENDERER, JUNIT_RENDERER } from './ci.js';
import { CSV_RENDERER } from './csv.js';
import { HTML_RENDERER } from './html.js';
import { JSON_RENDERER } from './json.js';
import { MARKDOWN_RENDERER } from './markdown.js';
import { TABLE_RENDERER } from './table.js';

export const FORMATS = ['table', 'json', 'csv', 'md', 'html', 'junit', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export const RENDERERS: Readonly<Record<Format, Renderer>> = {
  table: TABLE_RENDERER,
  json: JSON_RENDERER,
  csv: CSV_RENDERER,
  md: MARKDOWN_RENDERER,
  html: HTML_RENDERER,
  junit: JUNIT_RENDERER,
  github: GITHUB_RENDERER,
};

export function isFormat(name: string): name is Format {
  return (FORMATS as readonly string[]).includes(name);
}

export type { RenderContext, Renderer, Style } from './context.js';
export { PLAIN } from './context.js';
