// The registry of rulesets, by name. Adding a policy: one module beside this file, one entry here.
import type { Ruleset } from '../ruleset.js';
import { robbu } from './robbu.js';

export const RULESETS: ReadonlyMap<string, Ruleset> = new Map([[robbu.name, robbu]]);
export const DEFAULT_RULESET = robbu.name;
