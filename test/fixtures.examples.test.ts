// Every worked example also ships as a small CSV in fixtures/examples/NN.csv. Read through the
// real ingest, each must give the spec's result.
import { describe, expect, it } from 'vitest';
import { replay } from '../src/engine/replay.js';
import { robbu } from '../src/engine/rulesets/robbu.js';
import { fileSource, readLog } from '../src/ingest/read.js';
import { TimeZone } from '../src/model/time.js';
import { WORKED_EXAMPLES } from './helpers/examples.js';
import { project } from './helpers/project.js';

const UTC = TimeZone.of('UTC')!;

describe('fixtures/examples', () => {
  for (const ex of WORKED_EXAMPLES) {
    const file = `fixtures/examples/${String(ex.n).padStart(2, '0')}.csv`;
    it(`${file}: worked example ${ex.n}`, async () => {
      const log = await readLog([fileSource(file)], { zone: UTC, dayOrder: null });
      expect(log.rejected).toEqual([]);
      expect(project(replay(log.messages, robbu))).toEqual(ex.expected);
    });
  }
});
