// `wa-audit merge REPORT.json...`: the shard reports of one log, combined into the report the
// whole log gives.
import { InputError } from '../model/errors.js';
import { mergeReports, reportFromJson } from '../report/merge.js';
import { checkOutNotInput, DEFAULTS, EXIT, parseOutputOptions, readInput, writeReport } from './output.js';

export async function runMerge(files: readonly string[], raw: Record<string, unknown>): Promise<number> {
  const output = parseOutputOptions(raw, DEFAULTS.format.merge);
  checkOutNotInput(output.out, files);
  const reports = [];
  for (const file of files) {
    const text = await readInput(file);
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
