// Projects a replay onto the notation of helpers/examples.ts: hours from T0, sorted by time.
import type { Replay } from '../../src/engine/replay.js';
import type { Expected } from './examples.js';
import { H, T0 } from './messages.js';

const hours = (t: number): number => (t - T0) / H;
const byTime = <T extends [number, ...unknown[]]>(a: T, b: T): number => a[0] - b[0];

export function project(r: Replay): Expected {
  const out: Expected = { sessions: [], templates: [], violations: [] };
  for (const o of r.outcomes) {
    for (const s of o.sessions) {
      out.sessions.push([hours(s.openedAt), s.initiator, s.charged, s.repliedAt === null ? null : hours(s.repliedAt)]);
    }
    for (const t of o.templates) out.templates.push([hours(t.message.ts), t.reason, t.charged]);
    for (const v of o.violations) out.violations.push([hours(v.message.ts), v.rule, v.message.status]);
  }
  out.sessions.sort(byTime);
  out.templates.sort(byTime);
  out.violations.sort(byTime);
  return out;
}

export function mergeExpected(parts: readonly Expected[]): Expected {
  return {
    sessions: parts.flatMap((a) => a.sessions).sort(byTime),
    templates: parts.flatMap((a) => a.templates).sort(byTime),
    violations: parts.flatMap((a) => a.violations).sort(byTime),
  };
}
