// Canonical field names and the synonyms exports use for them (formats.md). Header matching
// ignores case, spaces, accents, `_` and `-`.
import { fold } from '../model/vocabulary.js';

export const FIELDS = [
  { name: 'id', required: false, synonyms: ['message_id', 'messageid', 'sid', 'wamid', 'id_mensagem'] },
  {
    name: 'timestamp',
    required: true,
    synonyms: ['date', 'datetime', 'sent_at', 'created_at', 'data', 'data_hora', 'horario', 'time'],
  },
  {
    name: 'business',
    required: false,
    synonyms: ['business_number', 'phone_number_id', 'from_business', 'numero_empresa', 'canal'],
  },
  {
    name: 'contact',
    required: true,
    synonyms: ['customer', 'wa_id', 'recipient', 'contato', 'cliente', 'telefone'],
  },
  { name: 'direction', required: true, synonyms: ['direcao', 'sentido', 'origem'] },
  { name: 'type', required: true, synonyms: ['message_type', 'kind', 'tipo'] },
  { name: 'status', required: false, synonyms: ['situacao', 'estado'] },
  { name: 'template', required: false, synonyms: ['template_name', 'hsm', 'modelo'] },
  { name: 'category', required: false, synonyms: ['categoria', 'pricing_category'] },
  { name: 'error_code', required: false, synonyms: ['errorcode', 'codigo_erro'] },
  { name: 'entry_point', required: false, synonyms: ['referral', 'ctwa', 'from_ad', 'ponto_de_entrada'] },
] as const;

export type FieldName = (typeof FIELDS)[number]['name'];
export const FIELD_NAMES: readonly FieldName[] = FIELDS.map((f) => f.name);
export const REQUIRED_FIELDS: readonly FieldName[] = FIELDS.filter((f) => f.required).map((f) => f.name);

/** A header or key, reduced to what matching compares: `Data/Hora` and `data_hora` meet. */
export function headerKey(header: string): string {
  return fold(header).replace(/[\s_\-/.]/g, '');
}

const FIELD_BY_KEY: ReadonlyMap<string, FieldName> = new Map(
  FIELDS.flatMap((f) => [f.name, ...f.synonyms].map((h) => [headerKey(h), f.name] as const)),
);

export function fieldOf(header: string): FieldName | null {
  return FIELD_BY_KEY.get(headerKey(header)) ?? null;
}

export function synonymsOf(name: FieldName): readonly string[] {
  const f = FIELDS.find((x) => x.name === name);
  return f ? [f.name, ...f.synonyms] : [name];
}

/** Column index of each canonical field (-1 when absent), from a header row. */
export type ColumnMap = Record<FieldName, number>;
