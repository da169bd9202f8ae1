#!/usr/bin/env node
// Where the time and memory of one audit go, phase by phase (read, replay + report, render):
//
//   npm run build && node bench/phases.js LOG.csv [json|table]
import { performance } from 'node:perf_hooks';
import { fileSource, readLog } from '../dist/ingest/read.js';
import { TimeZone } from '../dist/model/time.js';
import { auditLog } from '../dist/pipeline.js';
import { RENDERERS, PLAIN } from '../dist/render/index.js';
import { robbu } from '../dist/engine/rulesets/robbu.js';

const [file, format = 'table'] = process.argv.slice(2);
const mib = (n) => `${Math.round(n / 2 ** 20)} MiB`;
let last = performance.now();
const phase = (name) => {
  const now = performance.now();
  const m = process.memoryUsage();
  console.log(
    `${name.padEnd(16)} ${((now - last) / 1000).toFixed(2).padStart(6)} s   rss ${mib(m.rss)}, heap ${mib(m.heapUsed)}, array buffers ${mib(m.arrayBuffers)}`,
  );
  last = performance.now();
};
const log = await readLog([fileSource(file)], { zone: TimeZone.of('UTC'), dayOrder: null });
phase('read');
const ctx = { style: PLAIN, locale: 'en-US', limit: 20 };
const report = auditLog(log, robbu, { timezone: 'UTC', from: null, to: null, listLimit: RENDERERS[format].rowsNeeded(ctx) });
phase('replay + report');
let bytes = 0;
for (const chunk of RENDERERS[format].render(report, ctx)) bytes += chunk.length;
phase(`render ${format}`);
console.log(`${log.messageCount} messages, ${report.sessions.length + report.templates.length + report.violations.length} report rows, ${bytes} characters rendered`);
