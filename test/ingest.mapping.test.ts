// Mapping files: renamed and joined columns, value maps, constants, contact and business by
// direction, type rules (first match wins, user rules before the preset's), and validation.
import { describe, expect, it } from 'vitest';
import { layer, parseMapping, type Mapping } from '../src/ingest/mapping.js';
import { loadPreset } from '../src/ingest/presets.js';
import { readLog, textSource } from '../src/ingest/read.js';
import type { Log } from '../src/model/log.js';
import { TimeZone } from '../src/model/time.js';

function mapping(json: unknown): Mapping {
  const r = parseMapping(json, 'test.json');
  if ('problems' in r) throw new Error(JSON.stringify(r.problems));
  return r.mapping;
}

const read = (text: string, m: Mapping, zone = 'UTC'): Promise<Log> =>
  readLog([textSource('export.csv', text)], { zone: TimeZone.of(zone)!, dayOrder: null, mapping: m });

describe('mapping files', () => {
  it('join a date and a time column, map Portuguese values and set a constant business', async () => {
    const m = mapping({
      columns: { timestamp: ['Dia', 'Hora'], contact: 'Fone', direction: 'Sentido', type: 'Tipo' },
      values: { direction: { Enviado: 'outbound', Recebido: 'inbound' }, type: { 'Modelo (HSM)': 'template' } },
      constants: { business: '+55 11 4004-0001' },
      date_format: 'dd/MM/yyyy',
    });
    const log = await read(
      'Dia;Hora;Fone;Sentido;Tipo\n05/03/2025;09:00;11 98765-4321;Recebido;Texto\n05/03/2025;09:10;11 98765-4321;ENVIADO;modelo (hsm)\n',
      m,
      'America/Sao_Paulo',
    );
    expect(log.rejected).toEqual([]);
    expect(log.messages.map((x) => [new Date(x.ts).toISOString(), x.business, x.direction, x.kind])).toEqual([
      ['2025-03-05T12:00:00.000Z', '551140040001', 'inbound', 'free_form'],
      ['2025-03-05T12:10:00.000Z', '551140040001', 'outbound', 'template'],
    ]);
  });

  it('choose contact and business columns by direction (Twilio)', async () => {
    const log = await read(
      'Sid,SentDate,Direction,From,To\n' +
        'a,2025-03-04T10:00:00Z,inbound,whatsapp:+5511987650201,whatsapp:+551140040001\n' +
        'b,2025-03-04T10:01:00Z,outbound-reply,whatsapp:+551140040001,whatsapp:+5511987650201\n',
      loadPreset('twilio'),
    );
    expect(log.messages.map((x) => [x.id, x.business, x.contact, x.kind])).toEqual([
      ['a', '551140040001', '5511987650201', 'free_form'],
      ['b', '551140040001', '5511987650201', 'free_form'], // outbound-reply: the preset's rule
    ]);
  });

  it("try the user's type rules before the preset's, the first match winning", async () => {
    const mine = mapping({
      type_rules: [
        { column: 'Body', matches: '^Seu código', type: 'template' },
        { column: 'ContentSid', present: true, type: 'template' },
      ],
      type_default: 'text',
    });
    const m = layer(loadPreset('twilio'), mine);
    const log = await read(
      'Sid,SentDate,Direction,From,To,Body,ContentSid\n' +
        'a,2025-03-04T10:00:00Z,outbound-api,b,c,Seu código é 1234,\n' +
        'b,2025-03-04T10:00:00Z,outbound-api,b,c,Oferta,HX123\n' +
        'c,2025-03-04T10:00:00Z,outbound-api,b,c,Oi,\n' +
        'd,2025-03-04T10:00:00Z,outbound-reply,b,c,Seu código é 9,\n',
      m,
    );
    expect(log.messages.map((x) => [x.id, x.kind])).toEqual([
      ['a', 'template'],
      ['b', 'template'],
      ['c', 'free_form'], // the user's type_default replaces the preset's `unknown`
      ['d', 'template'], // the user's Body rule comes before the preset's outbound-reply rule
    ]);
  });

  it('name a column that the header lacks: an error for the file', async () => {
    const m = mapping({ columns: { timestamp: 'Quando' } });
    await expect(read('id,when,contact,direction,type\n', m)).rejects.toThrow(
      "no column 'Quando' for timestamp (mapping test.json)",
    );
  });

  it('are validated as a whole, every problem with its path', () => {
    const r = parseMapping(
      {
        columns: { timestamp: [] },
        by_direction: { contact: { inbound: 'From' }, status: {} },
        values: { direction: 'Enviado' },
        type_rules: [{ column: 'Body', type: 'template' }],
        date_format: 'yyyy/MM/dd',
        adapter: 'zenvia',
      },
      'bad.json',
    );
    expect('problems' in r && r.problems.map((p) => p.path)).toEqual([
      '/columns/timestamp',
      '/by_direction/contact/outbound',
      '/by_direction/status',
      '/values/direction',
      '/type_rules/0',
      '/date_format',
      '/adapter',
    ]);
  });

  it('ship presets that are valid mappings', () => {
    for (const name of ['twilio', 'meta-webhook', 'br-helpdesk']) expect(loadPreset(name).names).toEqual([name]);
  });
});
