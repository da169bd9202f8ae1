// The command line: wires options to the pipeline, turns errors into one line on stderr and
// findings into exit codes. The only place that knows about process, streams and terminals.
// A command's module is loaded when the command runs (`audit`'s the only one loaded with it):
// a run compiles only the modules it uses.
import { setFlagsFromString } from 'node:v8';
import { Command, CommanderError, Option } from 'commander';
import { SECTIONS } from '../render/csv.js';
import { runAudit, AUDIT_HELP } from './audit.js';
import { DEFAULTS, EXIT, FAIL_ON, guardStandardStreams, say, VERSION } from './output.js';
import { DEFAULT_RULESET, RULESET_NAMES } from '../engine/rulesets/index.js';
import { FORMATS, type Format } from '../render/index.js';
import { DATE_FORMATS } from '../model/time.js';
import { ENCODINGS } from '../ingest/encoding.js';
import { presetNames } from '../ingest/presets.js';
import { WaAuditError } from '../model/errors.js';
import { visible } from '../render/visible.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];


/**
 * The replay makes each key's message views and decisions and drops them at the key's end. V8
 * may decide, from one young collection that happened to find many of them alive, to allocate
 * such objects in the old generation from then on ("pretenuring"); they then die there, keep
 * the young ones they point to alive, and the replay of a large log runs two to three times
 * slower (one 10M-row run in four or so, docs/benchmarks.md). The program's long-lived data is
 * in typed arrays, which pretenuring does not touch, so it is turned off for the process.
 */
function tuneHeap(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}

export function buildProgram(): Command {
  const program = new Command('wa-audit')
    .description("Audit WhatsApp Business message logs: a provider's 24-hour sessions or Meta's pricing regimes, what each message costs, and where the rules were broken.")
    .version(VERSION, '-V, --version')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      outputError: (message, write) => {
        const text = message.replace(/^error: /, '').trim().replace(/\.$/, '');
        write(`wa-audit: ${visible(text)}; see 'wa-audit --help'\n`);
      },
    });

  withLogOptions(withOutputOptions(program.command('audit'), DEFAULTS.format.audit))
    .description('replay message logs and report sessions, charged templates and violations')
    .argument('<files...>', "message logs (CSV, JSON array, NDJSON); '-' reads standard input")
    .option('--shard <I/N>', 'audit only the contacts of shard I of N (1-based), for `wa-audit merge`')
    .option('--strict', 'any rejected row is fatal (exit 2)')
    .option('--fail-on <findings>', `exit 1 on these findings in the report: ${FAIL_ON.join(', ')} (comma-separated)`)
    .addHelpText('after', AUDIT_HELP)
    .action(async (files: string[], opts: Record<string, unknown>) => {
      process.exitCode = await runAudit(files, opts);
    });

  withLogOptions(withOutputOptions(program.command('check'), null))
    .description('the audit as a CI step: silent with exit 0 when clean, a short list of findings and exit 1 otherwise')
    .argument('<files...>', "message logs (CSV, JSON array, NDJSON); '-' reads standard input")
    .option('--fail-on <findings>', `the findings that fail the check: ${FAIL_ON.join(', ')} (default: violations,rejected)`)
    .option('--expect <file>', 'a kept summary (JSON counts, or a JSON report): the check fails where the summary differs')
    .option('--strict', 'any rejected row is fatal (exit 2)')
    .action(async (files: string[], opts: Record<string, unknown>) => {
      process.exitCode = await (await import('./check.js')).runCheck(files, opts);
    });

  withLogOptions(program.command('reconcile'))
    .description('hold an invoice against the replay, line by line and in total: what was billed that the rules say is free, billed twice, never billed, and how much money that is')
    .argument('<files...>', "message logs (CSV, JSON array, NDJSON); '-' reads standard input")
    .option('--invoice <file>', 'the invoice: itemised by message or by conversation/session, a summary (CSV), or Meta pricing_analytics / conversation_analytics (JSON); repeatable, the files are one invoice', collect, [] as string[])
    .option('--invoice-map <file>', "a mapping file (JSON) naming the invoice's columns, values and rows to read (a BSP's usage export)")
    .option('--period <yyyy-MM>', 'the month compared, from its first midnight in --tz to the next (the replay always uses the whole log); or --from/--to')
    .option('--match-window <duration>', 'lines by conversation or session: how far from the opening a line may be dated (default 5m)')
    .option('--tolerance <t>', "for --fail-on: a count (2), an amount and currency ('0.05 BRL') or a share of the expected amount (1%); repeatable; verdicts never change", collect, [] as string[])
    .option('--currency <CUR>', "the currency of invoice amounts written without one, and of analytics costs (default: the rate card's, when it has one)")
    .option('--decimal-comma', "the invoice's amounts are written with a decimal comma")
    .option('--decimal-point', "the invoice's amounts are written with a decimal point")
    .option('--all', 'list matched lines too')
    .option('--limit <n>', `table and md: lines shown per verdict before "N more" (default ${DEFAULTS.limit})`)
    .option('--section <list>', 'csv: only this list (lines, buckets, other-charges, rejected); without it and with --out, a folder of them')
    .option('--excel', 'csv for Excel in Brazil: a BOM, `;`, CRLF, wall times, a decimal comma')
    .option('--detail', "list the replay's units behind each bucket that differs (summaries and analytics)")
    .option('--fail-on <what>', 'differences: exit 1 when any line or bucket differs beyond --tolerance')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...FORMATS]).default('table'))
    .option('-o, --out <file>', 'write to a file instead of standard output')
    .option('--locale <locale>', `labels, numbers, dates and money: en-US or pt-BR (default: from LC_ALL or LANG, else ${DEFAULTS.locale})`)
    .action(async (files: string[], opts: Record<string, unknown>) => {
      process.exitCode = await (await import('./reconcile.js')).runReconcile(files, opts);
    });

  withLogOptions(program.command('explain'))
    .description('the timeline of one contact: each message in replay order, what the replay decided and why')
    .argument('<files...>', "message logs (CSV, JSON array, NDJSON); '-' reads standard input")
    .requiredOption('--contact <number>', 'the contact whose timeline to show (digits with the country code, as the log has it)')
    .option('--business <number>', 'only the key with this business number (default: every business the contact wrote to)')
    .option('--at <when>', 'end the timeline at this instant (ISO 8601, or yyyy-MM-dd in --tz): the message asked about last')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('-o, --out <file>', 'write to a file instead of standard output')
    .option('--locale <locale>', `labels, numbers, dates and money: en-US or pt-BR (default: from LC_ALL or LANG, else ${DEFAULTS.locale})`)
    .action(async (files: string[], opts: Record<string, unknown>) => {
      process.exitCode = await (await import('./explain.js')).runExplain(files, opts);
    });

  withOutputOptions(program.command('merge'), DEFAULTS.format.merge)
    .description('combine the JSON reports of --shard runs into the report of the whole log')
    .argument('<reports...>', 'the JSON reports of shards 1..N of one log, in any order')
    .action(async (files: string[], opts: Record<string, unknown>) => {
      process.exitCode = await (await import('./merge.js')).runMerge(files, opts);
    });

  return program;
}

/** The options that read and replay a log, shared by `audit` and `explain`. */
function withLogOptions(command: Command): Command {
  return command
    .option('--tz <zone>', `zone for timestamps without an offset, and for the report: IANA name, UTC, offset (-03:00, UTC-3) or local (default: "${DEFAULTS.tz}")`)
    .option('--from <when>', 'report from this instant or date (yyyy-MM-dd, in --tz), inclusive')
    .option('--to <when>', 'report up to this instant or date (yyyy-MM-dd, in --tz), exclusive')
    .addOption(
      new Option('--date-format <format>', 'day/month order of dd/MM/yyyy-style dates, when the file does not settle it').choices(
        Object.keys(DATE_FORMATS),
      ),
    )
    .addOption(
      new Option('--ruleset <name>', 'billing policy to replay (see docs/rulesets.md)').choices([...RULESET_NAMES]).default(DEFAULT_RULESET),
    )
    .option('--input-tz <zone>', 'zone of wall times without an offset in the input, when it is not --tz (an export written in UTC: --input-tz UTC)')
    .option('--rates <file>', 'price charged units with this rate card (CSV: the long format, or Meta\'s rates or volume-tiers file as downloaded); repeatable, one card', collect, [] as string[])
    .option('--rates-from <date>', "the date (yyyy-MM-dd) a Meta rates file applies from, when its title names none")
    .option('--markets <file>', "country-to-market table (CSV country,market,valid_from) instead of the shipped markets/meta-markets.csv")
    .option('--default-country <CC>', 'country (ISO code, such as BR) of contact numbers written without a country code, for their market')
    .option('--service-free-tier <n>', "meta-2026-10: free service messages per business number and month", DEFAULTS.serviceFreeTier)
    .addOption(
      new Option('--encoding <name>', "the files' encoding, when each file's bytes should not decide (see the README)").choices([...ENCODINGS]),
    )
    .option('--preset <name>', `read a known export: ${presetNames().join(', ')}`)
    .option('--map <file>', 'a mapping file (JSON) applied after the preset; repeatable', collect, [] as string[])
    .option('--br-ninth-digit', "read Brazilian mobiles written without the ninth digit as one contact with it")
    .option('--redact', 'mask the middle digits of phone numbers in the report');
}

/** The options of every command that writes a report: --format, --out, --limit, --locale. */
function withOutputOptions(command: Command, defaultFormat: Format | null): Command {
  const format = new Option('-f, --format <format>', 'output format').choices(FORMATS);
  return command
    .addOption(defaultFormat === null ? format : format.default(defaultFormat))
    .option('-o, --out <file>', 'write the report to a file instead of standard output (CSV: a folder, a file per list)')
    .option('--limit <n>', 'rows shown in each list of the table', DEFAULTS.limit)
    .option('--locale <locale>', `labels, numbers, dates and money of the table, Markdown and --excel CSV: en-US or pt-BR (default: from LC_ALL or LANG, else ${DEFAULTS.locale})`)
    .addOption(new Option('--section <list>', 'CSV: write only this list, to standard output or --out FILE').choices([...SECTIONS]))
    .option('--excel', 'CSV for Excel in Brazil: UTF-8 with a BOM, ";", CRLF, wall times, decimal comma');
}

/** Writes an error as people read it: `wa-audit: [FILE[:LINE]: ]message`, a line each. */
export function reportError(err: WaAuditError): void {
  const lines = err.code === 'internal' ? [`internal error: ${err.message}; please report it with the command that caused it`] : err.lines();
  say(...lines);
}

export async function main(argv: readonly string[]): Promise<void> {
  guardStandardStreams();
  tuneHeap();
  const program = buildProgram();
  try {
    if (argv.length <= 2) {
      program.outputHelp({ error: true });
      process.exitCode = EXIT.usage;
      return;
    }
    await program.parseAsync(argv as string[]);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version end with code 0; every other commander error is a usage error.
      process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    const e = err instanceof WaAuditError ? err : new WaAuditError('internal', (err as Error)?.message ?? String(err));
    reportError(e);
    if (e.code === 'internal' && process.env.WA_AUDIT_DEBUG) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    process.exitCode = EXIT.usage;
  }
}
