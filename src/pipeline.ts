// The whole audit in one breath: readLog -> replay -> buildReport -> render. The CLI wires these
// stages to options and streams; tests and other programs call them directly.
import { replayLog } from './engine/replay.js';
import type { Ruleset } from './engine/ruleset.js';
import type { Log } from './model/message.js';
import { ReportBuilder, type Report, type ReportOptions } from './report/report.js';

export { readLog, fileSource, textSource, type InputSource, type ReadOptions } from './ingest/read.js';
export { RENDERERS, type Format, type RenderContext } from './render/index.js';

/** Replays a log through a ruleset and builds the report. Pure. */
export function auditLog(log: Log, ruleset: Ruleset, options: ReportOptions): Report {
  const report = new ReportBuilder(log, ruleset, options);
  replayLog(log, ruleset, (messages, outcome) => report.addKey(messages, outcome));
  return report.build();
}
