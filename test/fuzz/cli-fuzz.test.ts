/**
 * Fuzzing every command that reads a state, through the CLI (in-process
 * `runCli`): mutated state files (truncated, bit-flipped, wrong types, huge
 * numbers, deep nesting, invalid UTF-8), mutated backups, lock infos,
 * config files and batch files, and random address strings (or addresses
 * the fuzzed state really holds). Whatever the input: no crash or stack
 * trace, a documented exit code, a diagnostic on failure, and no write
 * unless a valid edit succeeded (whose result must decode, with its serial
 * up by one and a backup of what it replaced). States that decode with
 * warnings run as text and with --json: --json must carry every warning
 * text mode prints (test/support/cli-fuzz-warnings.ts).
 *
 * Deterministic: FUZZ_SEED and FUZZ_RUNS override the fixed seed and the
 * runs per property; FUZZ_SHRINK=0 reports the first failure unshrunk.
 */
import { describe, it } from 'vitest';
import fc from 'fast-check';
import { assertFuzz, confirmed, helpLike, type Contract } from '../support/cli-fuzz.js';
import { argv, badHoldOptions, check, checkSpawned, common, confirmMode, describeCase, editLine, empty, holdLine, holdOptions, LOCATIONS, opt, placed, readLine, TIMEOUT, useFuzzEnvironment, valid, type Case, type Common, type Line } from '../support/cli-fuzz-cases.js';
import { checkWarnings, warnedState } from '../support/cli-fuzz-warnings.js';
import { HOLD_RUNNER } from '../support/lock-hold-runner.js';
import { address, batchFile, configFile, lockInfo, renderBatch, stateBytes, target } from '../support/fuzz-inputs.js';

// ---- read commands: list, show, pull, graph (every format), audit (every format) ----

/** A read command on a state from `states`, with `commons` (location, --json…). */
const readCaseOf = (states: fc.Arbitrary<Uint8Array>, commons: fc.Arbitrary<Common> = common): fc.Arbitrary<Case> =>
  fc.tuple(states, readLine, commons).map(([state, r, c]) => {
    const scene = { files: placed(c, state), argv: argv(r.line, c, state) };
    return { scene, contract: { codes: r.codes, readOnly: true, mustFail: (!valid(state) || r.bad) && !helpLike(scene.argv), jsonStdout: r.jsonDoc(c.json), stateFiles: [] } };
  });
const readCase = readCaseOf(stateBytes);

// ---- single edits: mv, rm, import, taint, untaint, replace-provider ----

/** A single edit of a state from `states`, with `commons` (location, --json…). */
const editCaseOf = (states: fc.Arbitrary<Uint8Array>, commons: fc.Arbitrary<Common> = common): fc.Arbitrary<Case> =>
  fc.tuple(states, editLine, confirmMode, commons).map(([state, line, mode, c]) => {
    const scene = { files: placed(c, state), argv: argv({ ...line, opts: [...mode, ...(line.opts ?? [])] }, c, state) };
    return { scene, contract: { codes: [0, 1, 2, 4], readOnly: !confirmed(scene.argv), mustFail: !valid(state) && !helpLike(scene.argv), jsonStdout: true, stateFiles: [LOCATIONS[c.at].file] } };
  });
const editCase = editCaseOf(stateBytes);

// ---- warnings: reads and edits of a state that decodes with warnings, as text and with --json ----

/** Mostly a state with fractional index keys (it decodes, with a warning each); any fuzzed state now and then. */
const warnedStates = fc.oneof({ weight: 4, arbitrary: warnedState }, { weight: 1, arbitrary: stateBytes });
/** With --json, so the contract is the one of the --json run (`checkWarnings` runs the text twin too). */
const jsonCommon = common.map((c) => ({ ...c, json: true }));
const warnedCase = fc.oneof({ weight: 3, arbitrary: readCaseOf(warnedStates, jsonCommon) }, { weight: 1, arbitrary: editCaseOf(warnedStates, jsonCommon) });

// ---- apply-batch: a fuzzed batch file against a fuzzed state ----

const batchCase: fc.Arbitrary<Case> = fc.tuple(stateBytes, batchFile, confirmMode, fc.oneof({ weight: 8, arbitrary: fc.constant('ops.txt') }, { weight: 1, arbitrary: fc.constantFrom('missing.txt', 'sub', '.') }), common).map(([state, batch, mode, file, c]) => {
  const files: Record<string, Uint8Array> = { ...placed(c, state), 'ops.txt': renderBatch(batch, state) };
  const scene = { files, argv: argv({ cmd: ['apply-batch'], opts: mode, pos: [file] }, c, state) };
  return { scene, contract: { codes: [0, 1, 2, 4], readOnly: !confirmed(scene.argv), mustFail: (!valid(state) || file !== 'ops.txt') && !helpLike(scene.argv), jsonStdout: true, stateFiles: [LOCATIONS[c.at].file] } };
});

// ---- backups, restore, lock status, lock hold, force-unlock: fuzzed backups and lock infos beside the state ----

const LOCK_ID = '5a6b7c8d-0000-4000-8000-0123456789ab';


const adminCase: fc.Arbitrary<Case> = fc
  .tuple(stateBytes, stateBytes, lockInfo(LOCK_ID), fc.constantFrom('backups', 'restore', 'restore', 'restore', 'lock status', 'lock hold', 'lock hold', 'force-unlock'), fc.boolean(), opt(address), confirmMode, fc.boolean(), holdOptions, common)
  .map(([state, backup, info, command, withLockInfo, id, mode, force, hold, c]) => {
    const loc = LOCATIONS[c.at];
    const base = loc.file.split('/').pop()!;
    const dir = loc.file.slice(0, loc.file.length - base.length);
    const backupName = `${base}.1700000000.backup`;
    const infoName = `${dir}.${base}.lock.info`;
    const files: Record<string, Uint8Array> = { ...placed(c, state), [dir + backupName]: backup, ...(withLockInfo ? { [infoName]: info } : {}) };
    // A stale lock info (no process holds the lock) is replaced and removed by anything that takes the lock, as with Terraform.
    if (command === 'restore') {
      const which = id ?? backupName;
      const scene = { files, argv: argv({ cmd: ['restore'], opts: [...mode, ...(force ? ['--force'] : [])], pos: [which] }, c, state) };
      const restorable = which === backupName && valid(backup) && (valid(state) || empty(state));
      return { scene, contract: { codes: [0, 1, 2, 4], readOnly: !confirmed(scene.argv), mustFail: !restorable && !helpLike(scene.argv), jsonStdout: true, stateFiles: [loc.file], mayDelete: [infoName] } };
    }
    if (command === 'force-unlock') {
      const scene = { files, argv: argv({ cmd: ['force-unlock'], opts: mode.includes('--yes') ? ['--yes'] : [], pos: [id ?? LOCK_ID] }, c, state) };
      return { scene, contract: { codes: [0, 1, 2, 4], readOnly: false, mustFail: false, jsonStdout: true, stateFiles: [], mayDelete: [infoName] } };
    }
    if (command === 'lock hold') {
      // Holds until its time is up or it is interrupted (the runner interrupts it once it holds); never touches the state.
      const scene = { files, argv: argv(holdLine(hold), c, state) };
      return { scene, contract: { codes: [0, 1, 2, 3], readOnly: true, mustFail: badHoldOptions(hold) && !helpLike(scene.argv), jsonStdout: true, stateFiles: [], mayDelete: [infoName] }, runner: HOLD_RUNNER };
    }
    return { scene: { files, argv: argv({ cmd: command.split(' ') }, c, state) }, contract: { codes: [0, 1, 2], readOnly: true, mustFail: false, jsonStdout: true, stateFiles: [] } };
  });

// ---- environments: a fuzzed config naming fuzzed states (prod protected); envs, --env, --all-envs, --to-env ----

const envCase: fc.Arbitrary<Case> = fc
  .tuple(configFile('envs/staging.tfstate', 'envs/prod.tfstate'), stateBytes, stateBytes, fc.constantFrom('staging', 'prod', 'qa'), editLine, confirmMode, fc.constantFrom('envs', 'list', 'audit --all-envs', 'edit', 'mv --to-env'), target, common)
  .map(([config, staging, prod, env, edit, mode, what, addr, c]) => {
    const files = { 'tfstate.config.json': config, 'envs/staging.tfstate': staging, 'envs/prod.tfstate': prod };
    const state = env === 'prod' ? prod : staging;
    const named = ['--env', env];
    // The config may be damaged, so which state an environment names is not known here: no mustFail.
    const base: Contract = { codes: [0, 1, 2, 4], readOnly: true, mustFail: false, jsonStdout: true, stateFiles: ['envs/staging.tfstate', 'envs/prod.tfstate'] };
    const editing = (args: string[]): Case => ({ scene: { files, argv: args }, contract: { ...base, readOnly: !confirmed(args) } });
    if (what === 'envs') return { scene: { files, argv: argv({ cmd: ['envs'] }, c, state, []) }, contract: base };
    if (what === 'list') return { scene: { files, argv: argv({ cmd: ['list'], pos: [addr] }, c, state, named) }, contract: base };
    if (what === 'audit --all-envs') return { scene: { files, argv: argv({ cmd: ['audit'], opts: ['--all-envs'] }, c, state, []) }, contract: { ...base, codes: [0, 1, 2, 5] } };
    if (what === 'edit') return editing(argv({ ...edit, opts: [...mode, ...(edit.opts ?? [])] }, c, state, named));
    return editing(argv({ cmd: ['mv'], opts: [...mode, '--to-env', env === 'prod' ? 'staging' : 'prod'], pos: [addr, addr] }, c, state, named));
  });

// ---- cross-state edits: mv --to-state and import --from, between two fuzzed states (the other one maybe missing or unnamed) ----

/** How the other state is named: by its path, or by an empty one (`--to-state "$UNSET"`), which must never mean this state. */
const otherName = fc.constantFrom('other.tfstate', 'other.tfstate', 'other.tfstate', 'other.tfstate', '');

const crossCase: fc.Arbitrary<Case> = fc.tuple(stateBytes, opt(stateBytes), fc.boolean(), target, opt(target), confirmMode, otherName, common).map(([here, other, isMv, a, b, mode, name, c]) => {
  const loc = LOCATIONS[c.at];
  const files: Record<string, Uint8Array> = { ...placed(c, here), ...(other ? { 'other.tfstate': other } : {}) };
  const line: Line = isMv ? { cmd: ['mv'], opts: [...mode, '--to-state', name], pos: [a, b ?? a] } : { cmd: ['import'], opts: [...mode, '--from', name], pos: b === undefined ? [a] : [a, b] };
  const [source, destination] = isMv ? [here, other] : [other, here];
  const ok = name !== '' && source !== undefined && valid(source) && (destination === undefined || valid(destination) || empty(destination));
  const scene = { files, argv: argv(line, c, source) };
  return { scene, contract: { codes: [0, 1, 2, 4], readOnly: !confirmed(scene.argv), mustFail: !ok && !helpLike(scene.argv), jsonStdout: true, stateFiles: [loc.file, 'other.tfstate'] } };
});

describe('fuzzing the CLI with broken files and random addresses', () => {
  useFuzzEnvironment();

  it('read commands (list, show, pull, graph, audit) never crash or write, and refuse invalid states with a diagnostic', () => assertFuzz(readCase, check, 700, describeCase), TIMEOUT);
  it('warnings a state decodes with (a fractional index key) are printed by every command that read it, and --json carries each one text mode prints', () => assertFuzz(warnedCase, checkWarnings, 100, describeCase), TIMEOUT);
  it('single edits with --yes write only a valid result with a backup, and refuse everything else without writing', () => assertFuzz(editCase, check, 700, describeCase), TIMEOUT);
  it('apply-batch with fuzzed batch files writes all or nothing', () => assertFuzz(batchCase, check, 400, describeCase), TIMEOUT);
  it('backups, restore, lock status, lock hold and force-unlock survive fuzzed backups, lock infos and options', () => assertFuzz(adminCase, check, 400, describeCase), TIMEOUT);
  it('environment commands survive fuzzed config files and states', () => assertFuzz(envCase, check, 300, describeCase), TIMEOUT);
  it('cross-state mv --to-state and import --from write both states or neither', () => assertFuzz(crossCase, check, 300, describeCase), TIMEOUT);

  it('the real tfstate process (node dist/cli/main.js) keeps the same contract, and never fails "unexpectedly"', () => checkSpawned(fc.oneof(readCase, editCase, batchCase, adminCase, envCase, crossCase), 40), TIMEOUT);
});
