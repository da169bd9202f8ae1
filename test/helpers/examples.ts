// rules.md "Worked examples" as data: the events of the spec's table (hours from a start; one
// key unless said otherwise) and its "result" column spelled out. The engine test replays the
// events; the fixture test reads fixtures/examples/NN.csv, which holds the same events.
import { ev, type Ev } from './messages.js';

export type SessionExp = [openedAtHours: number, initiator: 'business' | 'customer', charged: boolean, repliedAtHours: number | null];
export type TemplateExp = [sentAtHours: number, reason: string, charged: boolean];
export type ViolationExp = [sentAtHours: number, rule: string, status: string | null];

export interface Expected {
  sessions: SessionExp[];
  templates: TemplateExp[];
  violations: ViolationExp[];
}

export interface WorkedExample {
  n: number;
  title: string;
  events: Ev[];
  expected: Expected;
}

const A = '5511987650001';
const B = '5511987650002';

export const WORKED_EXAMPLES: WorkedExample[] = [
  {
    n: 1,
    title: 'in 0; out-text 1 -> session S@1 customer, free; no charge',
    events: [ev('in', 0), ev('text', 1)],
    expected: {
      sessions: [[1, 'customer', false, null]],
      templates: [],
      violations: [],
    },
  },
  {
    n: 2,
    title: 'in 0; out-text 25 -> violation window_expired at 25; no session',
    events: [ev('in', 0), ev('text', 25)],
    expected: {
      sessions: [],
      templates: [],
      violations: [[25, 'window_expired', null]],
    },
  },
  {
    n: 3,
    title: 'in 0; out-tpl 25 -> session S@25 business; tpl charged',
    events: [ev('in', 0), ev('tpl', 25)],
    expected: {
      sessions: [[25, 'business', true, null]],
      templates: [[25, 'opened_session', true]],
      violations: [],
    },
  },
  {
    n: 4,
    title: 'out-tpl 0; out-tpl 2; out-tpl 5 -> one session S@0 business; tpl@0 charged, tpl@2 and tpl@5 inside_session',
    events: [ev('tpl', 0), ev('tpl', 2), ev('tpl', 5)],
    expected: {
      sessions: [[0, 'business', true, null]],
      templates: [
        [0, 'opened_session', true],
        [2, 'inside_session', false],
        [5, 'inside_session', false],
      ],
      violations: [],
    },
  },
  {
    n: 5,
    title: 'out-tpl 0; out-text 1 -> violation awaiting_reply at 1',
    events: [ev('tpl', 0), ev('text', 1)],
    expected: {
      sessions: [[0, 'business', true, null]],
      templates: [[0, 'opened_session', true]],
      violations: [[1, 'awaiting_reply', null]],
    },
  },
  {
    n: 6,
    title: 'out-tpl 0; in 3; out-text 4 -> session S@0 business, replied at 3; text allowed',
    events: [ev('tpl', 0), ev('in', 3), ev('text', 4)],
    expected: {
      sessions: [[0, 'business', true, 3]],
      templates: [[0, 'opened_session', true]],
      violations: [],
    },
  },
  {
    n: 7,
    title: 'out-tpl 0; out-tpl 24 -> two sessions S@0 and S@24, both charged (boundary is exclusive)',
    events: [ev('tpl', 0), ev('tpl', 24)],
    expected: {
      sessions: [
        [0, 'business', true, null],
        [24, 'business', true, null],
      ],
      templates: [
        [0, 'opened_session', true],
        [24, 'opened_session', true],
      ],
      violations: [],
    },
  },
  {
    n: 8,
    title: 'out-tpl 0; out-tpl 23.99 -> one session; second tpl free',
    events: [ev('tpl', 0), ev('tpl', 23.99)],
    expected: {
      sessions: [[0, 'business', true, null]],
      templates: [
        [0, 'opened_session', true],
        [23.99, 'inside_session', false],
      ],
      violations: [],
    },
  },
  {
    n: 9,
    title: 'out-text 0 (contact never wrote) -> violation no_inbound',
    events: [ev('text', 0)],
    expected: {
      sessions: [],
      templates: [],
      violations: [[0, 'no_inbound', null]],
    },
  },
  {
    n: 10,
    title: 'in 0; out-text 23; out-text 30 -> session S@23 customer; text@30 allowed (inside session)',
    events: [ev('in', 0), ev('text', 23), ev('text', 30)],
    expected: {
      sessions: [[23, 'customer', false, null]],
      templates: [],
      violations: [],
    },
  },
  {
    n: 11,
    title: 'in 0; out-text 23; out-text 47 -> S@23 expires at 47; text@47 window_expired',
    events: [ev('in', 0), ev('text', 23), ev('text', 47)],
    expected: {
      sessions: [[23, 'customer', false, null]],
      templates: [],
      violations: [[47, 'window_expired', null]],
    },
  },
  {
    n: 12,
    title: 'in 0; in 10; out-text 30 -> session S@30 customer (window open until 34)',
    events: [ev('in', 0), ev('in', 10), ev('text', 30)],
    expected: {
      sessions: [[30, 'customer', false, null]],
      templates: [],
      violations: [],
    },
  },
  {
    n: 13,
    title: 'in 0; out-tpl 5 -> session S@5 customer; tpl free (customer_initiated)',
    events: [ev('in', 0), ev('tpl', 5)],
    expected: {
      sessions: [[5, 'customer', false, null]],
      templates: [[5, 'customer_initiated', false]],
      violations: [],
    },
  },
  {
    n: 14,
    title: 'in 0 and out-text 0, outbound listed first -> inbound ordered first: S@0 customer, no violation',
    events: [ev('text', 0), ev('in', 0)],
    expected: {
      sessions: [[0, 'customer', false, null]],
      templates: [],
      violations: [],
    },
  },
  {
    n: 15,
    title: 'out-tpl 0 status failed; out-tpl 1 -> failed tpl ignored; S@1 business, tpl@1 charged',
    events: [ev('tpl', 0, { status: 'failed' }), ev('tpl', 1)],
    expected: {
      sessions: [[1, 'business', true, null]],
      templates: [
        [0, 'failed', false],
        [1, 'opened_session', true],
      ],
      violations: [],
    },
  },
  {
    n: 16,
    title: 'out-text 0 status failed (never wrote) -> violation no_inbound, status failed; no session',
    events: [ev('text', 0, { status: 'failed' })],
    expected: {
      sessions: [],
      templates: [],
      violations: [[0, 'no_inbound', 'failed']],
    },
  },
  {
    n: 17,
    title: 'out-tpl 0; in 30; out-text 31 -> S@0 expired unreplied; in@30 opens nothing; text@31 opens S@31 customer',
    events: [ev('tpl', 0), ev('in', 30), ev('text', 31)],
    expected: {
      sessions: [
        [0, 'business', true, null],
        [31, 'customer', false, null],
      ],
      templates: [[0, 'opened_session', true]],
      violations: [],
    },
  },
  {
    n: 18,
    title: 'two keys interleaved in one file -> each key replayed alone; results as if separate files',
    // Key A is example 5 (awaiting_reply), key B is example 6 (replied), interleaved in time.
    events: [
      ev('tpl', 0, { contact: A, id: 'a1' }),
      ev('tpl', 0.5, { contact: B, id: 'b1' }),
      ev('text', 1, { contact: A, id: 'a2' }),
      ev('in', 3, { contact: B, id: 'b2' }),
      ev('text', 4, { contact: B, id: 'b3' }),
    ],
    expected: {
      sessions: [
        [0, 'business', true, null],
        [0.5, 'business', true, 3],
      ],
      templates: [
        [0, 'opened_session', true],
        [0.5, 'opened_session', true],
      ],
      violations: [[1, 'awaiting_reply', null]],
    },
  },
];
