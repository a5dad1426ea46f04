// What is measured: each operation and the command each tool runs for it.
//
// A runner gets the run context `{ dir, state, size, info, batches, cli, rc }`
// (`state` is a fresh copy of the input inside the fresh directory `dir`) and
// returns `{ cmd, args, stdout, env? }`; `stdout: true` keeps the output in a
// file (so listings can be counted), otherwise it is discarded. `skip(result)`
// turns a known, expected failure into a printed note instead of an error.
import { join } from 'node:path';

const NODE = process.execPath;

/** jq filter selecting the target resource; needs --arg m/t/n. */
const SELECT = 'select((.module // "") == $m and .mode == "managed" and .type == $t and .name == $n)';

/** jq program printing the instance addresses like `terraform state list`. */
const JQ_LIST = [
  '.resources[] as $r | $r.instances[] | select(.deposed == null)',
  '| (if $r.module then $r.module + "." else "" end) + (if $r.mode == "data" then "data." else "" end) + $r.type + "." + $r.name',
  '+ (if has("index_key") then (if (.index_key | type) == "string" then "[\\"" + .index_key + "\\"]" else "[\\(.index_key)]" end) else "" end)',
].join(' ');

function jqArgs(t) {
  return ['--arg', 'm', t.module, '--arg', 't', t.type, '--arg', 'n', t.name];
}

const unknownCommand = (r) => (/unknown command/i.test(r.stderr) ? 'the CLI says unknown command' : null);

const tfstate = (args) => ({ run: (c) => ({ cmd: NODE, args: [c.cli, ...args(c)], stdout: true }), skip: unknownCommand });
const tfEnv = (c) => ({ TF_CLI_CONFIG_FILE: c.rc, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' });
const terraform = (args, skip) => ({ run: (c) => ({ cmd: 'terraform', args: ['state', ...args(c)], env: tfEnv(c), stdout: true }), skip });
const jq = (args, out) => ({ run: (c) => ({ cmd: 'jq', args: args(c), stdout: out }) });
const floor = (mode) => ({ run: (c) => ({ cmd: NODE, args: [join(c.benchDir, 'floor.mjs'), mode, c.state], stdout: true }) });

/**
 * The operations, in run order. `floor` names the floor measurement a
 * tfstate time is compared with; `edits` marks operations that must change
 * the file; `batch` is the operation count of an apply-batch run.
 */
export const OPERATIONS = [
  {
    id: 'list',
    title: 'list',
    floor: 'parse',
    lists: true,
    runners: {
      tfstate: tfstate((c) => ['list', '--state', c.state]),
      terraform: terraform((c) => ['list', `-state=${c.state}`]),
      jq: jq((c) => ['-r', JQ_LIST, c.state], true),
    },
  },
  {
    id: 'show',
    title: 'show ADDR',
    floor: 'parse',
    runners: {
      tfstate: tfstate((c) => ['show', c.info.target.address, '--state', c.state]),
      terraform: terraform(
        (c) => ['show', '-no-color', `-state=${c.state}`, c.info.target.address],
        (r) => (/Failed to load plugin schemas|provider schema/i.test(r.stderr) ? 'terraform state show needs the provider schema (the hashicorp/aws provider is not installed and cannot be downloaded here)' : null),
      ),
      jq: jq((c) => [...jqArgs(c.info.target), `.resources[] | ${SELECT} | .instances[0]`, c.state], true),
    },
  },
  {
    id: 'rm',
    title: 'rm ADDR',
    floor: 'write',
    edits: true,
    runners: {
      tfstate: tfstate((c) => ['rm', c.info.target.address, '--state', c.state, '--yes']),
      terraform: terraform((c) => ['rm', '-no-color', `-state=${c.state}`, c.info.target.address]),
      jq: { run: (c) => ({ cmd: 'jq', args: [...jqArgs(c.info.target), `.serial += 1 | del(.resources[] | ${SELECT})`, c.state], stdout: `${c.state}.jq-out` }) },
    },
  },
  {
    id: 'mv',
    title: 'mv A B',
    floor: 'write',
    edits: true,
    runners: {
      tfstate: tfstate((c) => ['mv', c.info.target.address, c.info.renamedAddress, '--state', c.state, '--yes']),
      terraform: terraform((c) => ['mv', '-no-color', `-state=${c.state}`, c.info.target.address, c.info.renamedAddress]),
      jq: {
        run: (c) => ({ cmd: 'jq', args: [...jqArgs(c.info.target), '--arg', 'to', c.info.renameTo, `.serial += 1 | (.resources[] | ${SELECT} | .name) |= $to`, c.state], stdout: `${c.state}.jq-out` }),
      },
    },
  },
  ...[1, 100, 1000].map((n) => ({
    id: `batch-${n}`,
    title: `apply-batch (${n} mv)`,
    floor: 'write',
    edits: true,
    batch: n,
    runners: { tfstate: tfstate((c) => ['apply-batch', c.batches[n].file, '--state', c.state, '--yes']) },
  })),
  { id: 'graph', title: 'graph', floor: 'parse', runners: { tfstate: tfstate((c) => ['graph', '--state', c.state]) } },
  { id: 'audit', title: 'audit', floor: 'parse', runners: { tfstate: tfstate((c) => ['audit', '--state', c.state, '--fail-on', 'never']) } },
  { id: 'floor-read', title: 'floor: read', floorRow: true, runners: { floor: floor('read') } },
  { id: 'floor-parse', title: 'floor: read + JSON.parse', floorRow: true, runners: { floor: floor('parse') } },
  { id: 'floor-write', title: 'floor: read + parse + stringify + write', floorRow: true, edits: true, runners: { floor: floor('write') } },
];

/** The tools, in table order. */
export const TOOLS = ['tfstate', 'terraform', 'jq', 'floor'];

/**
 * How many timed runs a tool gets on a state: `base` (default 5), but at
 * most 3 for terraform and jq on states of 50 MB or more, which are slow.
 */
export function runsFor(tool, bytes, base) {
  if ((tool === 'terraform' || tool === 'jq') && bytes >= 50e6) return Math.max(1, Math.min(base, 3));
  return base;
}
