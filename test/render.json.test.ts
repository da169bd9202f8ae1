// The JSON renderer writes elements by hand for speed; whatever the strings hold, the text must
// parse back to the same values, as JSON.stringify would give them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { robbu } from '../src/engine/rulesets/robbu.js';
import { readLog, textSource } from '../src/ingest/read.js';
import { TimeZone } from '../src/model/time.js';
import { normaliseAddress } from '../src/model/vocabulary.js';
import { auditLog } from '../src/pipeline.js';
import { PLAIN } from '../src/render/index.js';
import { JSON_RENDERER } from '../src/render/json.js';

const renderJson = JSON_RENDERER.render;

describe('renderJson', () => {
  it('escapes any id, contact and status exactly as JSON.stringify does', async () => {
    const unit = fc.oneof(fc.constantFrom('"', '\\', '\u0001', '\u2028', 'é', '😀', '\ud800'), fc.string({ minLength: 1, maxLength: 1 }));
    const text = fc.string({ unit, minLength: 1, maxLength: 8 }).filter((t) => t.trim() !== '');
    await fc.assert(
      fc.asyncProperty(text, text, text, async (id, contact, status) => {
        const rows = [
          { id: `${id}-in`, timestamp: '2025-03-01T10:00:00Z', contact, direction: 'inbound', type: 'text' },
          { id, timestamp: '2025-03-01T10:00:01Z', contact, direction: 'outbound', type: 'template', status },
          { id: `${id}-x`, timestamp: '2025-03-03T10:00:00Z', contact, direction: 'outbound', type: 'text', status },
        ];
        const log = await readLog([textSource('log.json', JSON.stringify(rows))], { zone: TimeZone.of('UTC')!, dayOrder: null });
        fc.pre(log.rejected.length === 0);
        const report = auditLog(log, robbu, { timezone: 'UTC', from: null, to: null });
        const parsed = JSON.parse([...renderJson(report, { style: PLAIN, locale: 'en-US', limit: 20 })].join(''));
        const norm = normaliseAddress(contact);
        const tid = id.trim();
        expect(parsed.templates[0]).toMatchObject({ id: tid, contact: norm, status: status.trim().toLowerCase() });
        expect(parsed.sessions[0]).toMatchObject({ id: tid, contact: norm, charged_message: null });
        expect(parsed.violations[0]).toMatchObject({ id: `${id}-x`.trim(), status: status.trim().toLowerCase() });
      }),
      { numRuns: 200 },
    );
  });
});
