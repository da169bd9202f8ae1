// `wa-audit merge REPORT.json...`: the shard reports of one log, combined into the report the
// whole log gives.
import { readFile } from 'node:fs/promises';
import { describeSystemError, InputError } from '../model/errors.js';
import { mergeReports, reportFromJson } from '../report/merge.js';
import { writeReport } from './audit.js';
import { EXIT } from './exit.js';
import { UsageError } from '../model/errors.js';
import { isFormat } from '../render/index.js';

export async function runMerge(files: readonly string[], raw: Record<string, unknown>): Promise<number> {
  const format = typeof raw.format === 'string' ? raw.format : 'json';
  if (!isFormat(format)) throw new UsageError(`--format: unknown format '${format}'`);
  const limit = Number(raw.limit ?? 20);
  const reports = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      throw new InputError(`cannot read: ${describeSystemError(err)}`, file);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new InputError(`not JSON: ${(err as Error).message}`, file);
    }
    reports.push({ file, report: reportFromJson(json, file) });
  }
  const report = mergeReports(reports);
  await writeReport(report, {
    format,
    out: typeof raw.out === 'string' ? raw.out : null,
    locale: typeof raw.locale === 'string' ? raw.locale : 'en-US',
    limit: Number.isSafeInteger(limit) ? limit : 20,
  });
  return EXIT.ok;
}
