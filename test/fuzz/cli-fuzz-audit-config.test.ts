/**
 * Fuzzing `audit --config-dir` with damaged Terraform configurations (see
 * `test/support/fuzz-config-dirs.ts`) against the state they describe or a
 * fuzzed one, in-process and through the built CLI. Whatever the
 * configuration: no crash or stack trace, a documented exit code (5 only
 * with findings printed), a diagnostic on failure, nothing written; and a
 * state that does not decode, or a --config-dir that is not a directory,
 * is refused.
 *
 * Deterministic like the other fuzzers: FUZZ_SEED, FUZZ_RUNS, FUZZ_PATH.
 */
import { describe, it } from 'vitest';
import fc from 'fast-check';
import { assertFuzz, helpLike } from '../support/cli-fuzz.js';
import { argv, check, checkSpawned, common, describeCase, flag, opt, placed, TIMEOUT, useFuzzEnvironment, valid, type Case } from '../support/cli-fuzz-cases.js';
import { configDir } from '../support/fuzz-config-dirs.js';
import { stateBytes } from '../support/fuzz-inputs.js';
import { fixtureBytes } from '../support/state-fixtures.js';

/** The state the orphan configuration describes (with its findings), or any fuzzed state. */
const state = fc.oneof({ weight: 2, arbitrary: fc.constant(fixtureBytes('config/orphans.tfstate')) }, { weight: 1, arbitrary: stateBytes });

/** How --config-dir names the configuration: relative, absolute, with a slash; or something that is not a directory. */
const DIRS = [
  { arg: 'conf', isDir: true },
  { arg: 'conf', isDir: true },
  { arg: 'conf', isDir: true },
  { arg: '@DIR@/conf', isDir: true },
  { arg: 'conf/', isDir: true },
  { arg: 'conf/modules', isDir: true },
  { arg: 'missing', isDir: false },
  { arg: 'conf/main.tf', isDir: false },
  { arg: '', isDir: false },
] as const;

const auditConfigCase: fc.Arbitrary<Case> = fc
  .tuple(state, configDir, fc.nat({ max: DIRS.length - 1 }), opt(fc.constantFrom('text', 'json', 'sarif')), opt(fc.constantFrom('error', 'warning', 'never')), common)
  .map(([s, conf, d, format, failOn, c]) => {
    const files = { ...placed(c, s), ...Object.fromEntries(Object.entries(conf).map(([name, bytes]) => [`conf/${name}`, bytes])) };
    // conf/modules and conf/main.tf exist only in some trees.
    const isDir = DIRS[d].arg === 'conf/modules' ? Object.keys(conf).some((n) => n.startsWith('modules/')) : DIRS[d].arg === 'conf/main.tf' ? 'main.tf/x' in conf : DIRS[d].isDir;
    const scene = { files, argv: argv({ cmd: ['audit'], opts: ['--config-dir', DIRS[d].arg, ...flag('--format', format), ...flag('--fail-on', failOn)] }, c, s) };
    const jsonDoc = format === 'json' || format === 'sarif' || (format === undefined && c.json);
    return { scene, contract: { codes: [0, 1, 2, 5], readOnly: true, mustFail: (!valid(s) || !isDir) && !helpLike(scene.argv), jsonStdout: jsonDoc, stateFiles: [] } };
  });

describe('fuzzing audit --config-dir with damaged configurations', () => {
  useFuzzEnvironment();

  it('never crashes or writes, reports a documented exit code, and refuses what it cannot read', () => assertFuzz(auditConfigCase, check, 300, describeCase), TIMEOUT);
  it('the real tfstate process (with its bundled HCL parser) keeps the same contract', () => checkSpawned(auditConfigCase, 10), TIMEOUT);
});
