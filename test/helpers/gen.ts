// fast-check arbitraries for message logs: a few keys, coarse timestamps (so windows open,
// close and collide), every kind of message, and status rows that share a message id.
import fc from 'fast-check';

export interface GenMessage {
  readonly id: string;
  readonly business: string;
  readonly contact: string;
  /** Minutes from the start. */
  readonly minute: number;
  readonly direction: 'inbound' | 'outbound';
  readonly type: 'template' | 'text';
  readonly status: '' | 'sent' | 'delivered' | 'read' | 'failed';
  /** Later status rows of the same message: [minutes after it, status]. */
  readonly updates: readonly (readonly [number, 'delivered' | 'read' | 'failed'])[];
}

export interface Row {
  readonly id: string;
  readonly minute: number;
  readonly business: string;
  readonly contact: string;
  readonly direction: string;
  readonly type: string;
  readonly status: string;
}

const message = fc.record({
  business: fc.constantFrom('551140000001', '552130000002'),
  contact: fc.constantFrom('5511900000001', '5511900000002', '5521900000003'),
  // Four days in 30-minute steps: windows of 24 h open and close, and instants repeat.
  minute: fc.nat(4 * 48).map((n) => n * 30),
  direction: fc.constantFrom('inbound' as const, 'outbound' as const),
  type: fc.constantFrom('template' as const, 'text' as const),
  status: fc.constantFrom('' as const, 'sent' as const, 'delivered' as const, 'read' as const, 'failed' as const),
  updates: fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom('delivered' as const, 'read' as const, 'failed' as const)), {
    maxLength: 2,
  }),
});

/**
 * Logs in which no two messages of one key share both instant and direction: only input order
 * could break such a tie, so these logs must give the same report in any row order.
 */
export const untiedLog: fc.Arbitrary<GenMessage[]> = fc
  .uniqueArray(message, {
    maxLength: 40,
    selector: (m) => `${m.business}|${m.contact}|${m.minute}|${m.direction}`,
  })
  .map((ms) => ms.map((m, i) => ({ ...m, id: `w${i}` })));

/** Every row of the log: each message's row, then its status rows. */
export function rowsOf(log: readonly GenMessage[]): Row[] {
  return log.flatMap((m) => {
    const base = { id: m.id, business: m.business, contact: m.contact, direction: m.direction, type: m.type };
    return [
      { ...base, minute: m.minute, status: m.status },
      // Status rows come later in time; the message keeps the earliest.
      ...m.updates.map(([after, status]) => ({ ...base, minute: m.minute + after, status })),
    ];
  });
}

/** The instant of minute 0 of a generated log. */
export const START = Date.UTC(2025, 2, 1);

export function csvOf(rows: readonly Row[]): string {
  let out = 'id,timestamp,business,contact,direction,type,status\n';
  for (const r of rows) {
    const ts = new Date(START + r.minute * 60_000).toISOString();
    out += `${r.id},${ts},${r.business},${r.contact},${r.direction},${r.type},${r.status}\n`;
  }
  return out;
}
