// Loading mapping files and the presets shipped in the package (`presets/*.json`).
import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describeSystemError, MappingError } from '../model/errors.js';
import { EMPTY_MAPPING, layer, parseMapping, type Mapping } from './mapping.js';

const PRESET_DIR = new URL('../../presets/', import.meta.url);

export function presetNames(): string[] {
  return readdirSync(PRESET_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

function load(text: string, file: string, name: string): Mapping {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new MappingError(file, [{ path: '/', message: `not valid JSON: ${(err as Error).message}` }]);
  }
  const r = parseMapping(json, name);
  if ('problems' in r) throw new MappingError(file, r.problems);
  return r.mapping;
}

export function loadPreset(name: string): Mapping {
  if (!presetNames().includes(name)) {
    throw new MappingError(`--preset ${name}`, [{ path: '/', message: `unknown preset; choose from ${presetNames().join(', ')}` }]);
  }
  const url = new URL(`${name}.json`, PRESET_DIR);
  return load(readFileSync(url, 'utf8'), `presets/${name}.json`, name);
}

export function loadMappingFile(path: string): Mapping {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new MappingError(path, [{ path: '/', message: `cannot read: ${describeSystemError(err)}` }]);
  }
  return load(text, path, basename(path));
}

/** The preset (if any), then each --map file on top, in order. */
export function buildMapping(preset: string | null, maps: readonly string[]): Mapping {
  let m = preset === null ? EMPTY_MAPPING : loadPreset(preset);
  for (const path of maps) m = layer(m, loadMappingFile(path));
  return m;
}
