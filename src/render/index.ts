// Output formats: one renderer each, chosen by name. Renderers only format the report.
import type { Report } from '../report/report.js';
import type { RenderContext } from './context.js';
import { renderJson } from './json.js';
import { renderTable } from './table.js';

export const FORMATS = ['table', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export type Renderer = (report: Report, ctx: RenderContext) => Iterable<string>;

export const RENDERERS: Readonly<Record<Format, Renderer>> = {
  table: renderTable,
  json: renderJson,
};

export function isFormat(name: string): name is Format {
  return (FORMATS as readonly string[]).includes(name);
}

export type { RenderContext, Style } from './context.js';
export { PLAIN } from './context.js';
