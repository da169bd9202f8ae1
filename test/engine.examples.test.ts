// rules.md "Worked examples", one test each, named by its number (the table is in
// helpers/examples.ts), plus the rules' finer points that the table does not show.
import { describe, expect, it } from 'vitest';
import { replay } from '../src/engine/replay.js';
import { robbu } from '../src/engine/rulesets/robbu.js';
import { WORKED_EXAMPLES, type Expected } from './helpers/examples.js';
import { ev, messages, type Ev } from './helpers/messages.js';
import { mergeExpected, project } from './helpers/project.js';

const decide = (events: readonly Ev[]): Expected => project(replay(messages(events), robbu));

describe('rules.md worked examples (ruleset robbu)', () => {
  for (const ex of WORKED_EXAMPLES) {
    it(`${ex.n}: ${ex.title}`, () => {
      expect(decide(ex.events)).toEqual(ex.expected);
    });
  }

  it('18: each key gives what it gives alone', () => {
    const ex = WORKED_EXAMPLES.find((e) => e.n === 18)!;
    const contacts = [...new Set(ex.events.map((e) => e.contact))];
    const alone = contacts.map((c) => decide(ex.events.filter((e) => e.contact === c)));
    expect(decide(ex.events)).toEqual(mergeExpected(alone));
  });
});

describe('rules.md details beyond the table', () => {
  it('a failed template inside an open session changes nothing and is reported failed', () => {
    expect(decide([ev('tpl', 0), ev('tpl', 1, { status: 'failed' })])).toEqual({
      sessions: [[0, 'business', true, null]],
      templates: [
        [0, 'opened_session', true],
        [1, 'failed', false],
      ],
      violations: [],
    });
  });

  it('a failed free-form message the rules allow opens nothing', () => {
    // text@1 would open a customer session, but it failed; text@2 opens it instead.
    expect(decide([ev('in', 0), ev('text', 1, { status: 'failed' }), ev('text', 2)])).toEqual({
      sessions: [[2, 'customer', false, null]],
      templates: [],
      violations: [],
    });
  });

  it('a failed inbound message does not open the customer window', () => {
    expect(decide([ev('in', 0, { status: 'failed' }), ev('text', 1)])).toEqual({
      sessions: [],
      templates: [],
      violations: [[1, 'no_inbound', null]],
    });
  });

  it('a violation changes no state: the next allowed message still opens the session', () => {
    expect(decide([ev('text', 0), ev('in', 1), ev('text', 2)])).toEqual({
      sessions: [[2, 'customer', false, null]],
      templates: [],
      violations: [[0, 'no_inbound', null]],
    });
  });

  it('inside a customer session free text is allowed for the whole 24 h, even past the customer window', () => {
    // Session opens at 23 (window closes at 24); text at 46.9 is inside the session.
    expect(decide([ev('in', 0), ev('text', 23), ev('text', 46.9)]).violations).toEqual([]);
  });

  it('equal timestamps of one direction keep input order', () => {
    // Two templates at the same instant: the first listed opens (and is charged).
    const r = replay(messages([ev('tpl', 0, { id: 'first' }), ev('tpl', 0, { id: 'second' })]), robbu);
    expect(r.outcomes[0].templates.map((t) => [t.message.id, t.reason])).toEqual([
      ['first', 'opened_session'],
      ['second', 'inside_session'],
    ]);
  });
});
