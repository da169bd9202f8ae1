// What a renderer may know besides the report: how to style text for people, and in which
// locale to write numbers. Chosen by the CLI; renderers never look at the terminal themselves.
import type { Report } from '../report/report.js';

export interface Style {
  heading(text: string): string;
  good(text: string): string;
  bad(text: string): string;
  dim(text: string): string;
}

export const PLAIN: Style = {
  heading: (t) => t,
  good: (t) => t,
  bad: (t) => t,
  dim: (t) => t,
};

export interface RenderContext {
  readonly style: Style;
  /** BCP 47 locale for numbers in text formats, e.g. `en-US`, `pt-BR`. */
  readonly locale: string;
  /** How many rows each list of the table shows before "N more". */
  readonly limit: number;
  /** CSV: the one list to write (`--section`); null: every list, a file each. */
  readonly section?: string | null;
  /** CSV for Excel (`--excel`): BOM, `;`, CRLF, wall times, decimal comma. */
  readonly excel?: boolean;
}

/**
 * A format: how it writes a report, and how many rows of each list it shows (null: all), so that
 * the report is built with no more than that.
 */
export interface Renderer {
  render(report: Report, ctx: RenderContext): Iterable<string>;
  rowsNeeded(ctx: RenderContext): number | null;
  /** A format written as several files in a folder (`--out DIR`): each file's name and text. */
  files?(report: Report, ctx: RenderContext): { name: string; chunks: Iterable<string> }[];
}
