// The registry of rulesets, by name. Adding a policy: one module beside this file, one entry here.
import type { TimeZone } from '../../model/time.js';
import type { Ruleset } from '../ruleset.js';
import { META_RULESETS, metaRuleset, type MetaRulesetName } from './meta.js';
import { robbu } from './robbu.js';

/** What a ruleset may depend on beyond the log: the account's zone, the service allowance. */
export interface RulesetOptions {
  readonly zone: TimeZone;
  readonly serviceFreeTier: number;
}

export const RULESET_NAMES: readonly string[] = [robbu.name, ...META_RULESETS];
export const DEFAULT_RULESET = robbu.name;

/** The ruleset of that name, made for these options; null for an unknown name. */
export function rulesetFor(name: string, options: RulesetOptions): Ruleset | null {
  if (name === robbu.name) return robbu;
  return (META_RULESETS as readonly string[]).includes(name) ? metaRuleset(name as MetaRulesetName, options) : null;
}
