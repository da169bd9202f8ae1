// `wa-audit merge REPORT.json...`: the shard reports of one log, combined into the report the
// whole log gives.
import { readFile } from 'node:fs/promises';
import { describeSystemError, InputError } from '../model/errors.js';
import { mergeReports, reportFromJson } from '../report/merge.js';
import { checkOutNotInput, DEFAULTS, EXIT, parseOutputOptions, writeReport } from './output.js';

export async function runMerge(files: readonly string[], raw: Record<string, unknown>): Promise<number> {
  const output = parseOutputOptions(raw, DEFAULTS.format.merge);
  checkOutNotInput(output.out, files);
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
  await writeReport(report, output);
  return EXIT.ok;
}
