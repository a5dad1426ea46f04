import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkEditGuards, type EditGuardContext } from '../../src/session/guards.js';
import { listEnvironments, resolveLocation, type ResolvedLocation } from '../../src/session/location.js';
import { put, useTempDir } from './helpers.js';

/** A location as resolveLocation would build it (guards read only these fields). */
function loc(over: Partial<ResolvedLocation>): ResolvedLocation {
  return {
    envName: null,
    protected: false,
    kind: 'local',
    display: '/repo/terraform.tfstate',
    workspace: 'default',
    protect: [],
    onEdit: null,
    lockDescription: 'fcntl + .lock.info',
    source: 'env',
    sourceDetail: '',
    identity: 'file:/repo/terraform.tfstate',
    backend: { kind: 'local', path: '/repo/terraform.tfstate' },
    configFile: '/repo/tfstate.config.json',
    open: () => Promise.reject(new Error('not opened in guard tests')),
    ...over,
  };
}

const PROD = loc({ envName: 'prod', protected: true, kind: 's3', display: 's3://acme/prod.tfstate', identity: 's3://acme/prod.tfstate', lockDescription: 'DynamoDB table locks' });
const STAGING = loc({ envName: 'staging', display: '/repo/envs/staging/terraform.tfstate', identity: 'file:/repo/envs/staging/terraform.tfstate' });
const ALL = [STAGING, PROD];

function ctx(over: Partial<EditGuardContext> = {}): EditGuardContext {
  return { namedWithEnv: true, noLock: false, allowProtected: [], touched: [], allEnvironments: ALL, ...over };
}

function check(l: ResolvedLocation, over: Partial<EditGuardContext> = {}): Array<[string, string]> {
  return checkEditGuards(l, ctx(over)).map((d) => {
    expect(d.severity).toBe('error');
    return [d.code, d.detail];
  });
}

const HOW = 'name it explicitly with --env prod to edit it.';

describe('checkEditGuards: protected environments', () => {
  it('allows an edit of a protected environment named with --env', () => {
    expect(check(PROD)).toEqual([]);
  });

  it('allows an unprotected environment however it was reached', () => {
    expect(check(STAGING, { namedWithEnv: false })).toEqual([]);
    expect(check(loc({ source: 'state-flag', display: '/tmp/x.tfstate', identity: 'file:/tmp/x.tfstate' }), { namedWithEnv: false })).toEqual([]);
  });

  it('refuses a protected environment that was not named with --env', () => {
    expect(check(PROD, { namedWithEnv: false })).toEqual([['guard.protected-environment', `prod is a protected environment: ${HOW}`]]);
  });

  it.each([
    ['--state that resolved to it', loc({ ...PROD, source: 'state-flag' }), `--state s3://acme/prod.tfstate is the state of the protected environment prod: ${HOW}`],
    [
      'discovery that resolved to it',
      loc({ ...PROD, source: 'discovered-backend', sourceDetail: 'the s3 backend in /w/.terraform/terraform.tfstate, the state of environment prod' }),
      `The state found in this working directory (s3://acme/prod.tfstate, from the s3 backend in /w/.terraform/terraform.tfstate) is the state of the protected environment prod: ${HOW}`,
    ],
    [
      '--state that did not resolve to it but has its identity',
      loc({ source: 'state-flag', display: 's3://acme/prod.tfstate', identity: 's3://acme/prod.tfstate', kind: 's3' }),
      `--state s3://acme/prod.tfstate is the state of the protected environment prod: ${HOW}`,
    ],
  ])('refuses a %s', (_what, l, detail) => {
    expect(check(l, { namedWithEnv: false })).toEqual([['guard.protected-location', detail]]);
  });

  it("refuses another environment whose state is the protected environment's", () => {
    const alias = loc({ envName: 'prod-alias', display: 's3://acme/prod.tfstate', identity: 's3://acme/prod.tfstate', kind: 's3' });
    expect(check(alias)).toEqual([
      ['guard.protected-location', `The state of environment prod-alias (s3://acme/prod.tfstate) is the state of the protected environment prod: ${HOW}`],
    ]);
  });

  it('refuses --no-lock on a protected environment, even when named', () => {
    expect(check(PROD, { noLock: true })).toEqual([
      [
        'guard.no-lock-protected',
        'prod is a protected environment: --no-lock is refused there, because an edit without the lock can overwrite a concurrent terraform run. Leave out --no-lock; if a stale lock is in the way, wait with --lock-timeout or remove it with tfstate force-unlock LOCK_ID.',
      ],
    ]);
    expect(check(STAGING, { noLock: true })).toEqual([]);
  });

  it('reports every broken rule at once', () => {
    expect(check({ ...PROD, source: 'state-flag' }, { namedWithEnv: false, noLock: true }).map(([c]) => c)).toEqual(['guard.protected-location', 'guard.no-lock-protected']);
  });
});

describe('checkEditGuards: protect patterns', () => {
  const db = loc({ ...PROD, protect: ['module.database.*', 'aws_db_instance.*', 'aws_s3_bucket.logs'] });

  it('allows edits that touch nothing protected', () => {
    expect(check(db, { touched: ['aws_instance.web[0]', 'module.app.aws_lb.main'] })).toEqual([]);
  });

  it('refuses edits touching protected addresses, listing each with its pattern', () => {
    expect(check(db, { touched: ['aws_instance.web[0]', 'module.database.aws_db_instance.main', 'aws_db_instance.legacy["a"]', 'aws_s3_bucket.logs'] })).toEqual([
      [
        'guard.protected-address',
        [
          'This edit touches addresses that the protect patterns of environment prod cover:',
          '  module.database.aws_db_instance.main (protected by "module.database.*")',
          '  aws_db_instance.legacy["a"] (protected by "aws_db_instance.*")',
          '  aws_s3_bucket.logs (protected by "aws_s3_bucket.logs")',
          `Nothing was changed. If you mean to change them, repeat the command with --allow-protected module.database.aws_db_instance.main --allow-protected 'aws_db_instance.legacy["a"]' --allow-protected aws_s3_bucket.logs.`,
        ].join('\n'),
      ],
    ]);
  });

  it.each([
    [['module.database.aws_db_instance.main'], []],
    [['module.database.*'], []],
    [['module.database'], []],
    [['module.database.aws_db_instance.other'], ['module.database.aws_db_instance.main']],
  ])('--allow-protected %j leaves %j refused', (allow, refused) => {
    const diags = checkEditGuards(db, ctx({ touched: ['module.database.aws_db_instance.main'], allowProtected: allow }));
    expect(diags.flatMap((d) => (d.detail.match(/^ {2}(\S+) \(protected by/gm) ?? []).map((l) => l.trim().split(' ')[0]))).toEqual(refused);
  });

  it('treats a touched module as touching the protected addresses that could be in it', () => {
    expect(check(db, { touched: ['module.database'] }).map(([c]) => c)).toEqual(['guard.protected-address']);
  });
});

describe('checkEditGuards on resolved locations', () => {
  const tmp = useTempDir();

  it('refuses a --state that is a protected environment state through another path', async () => {
    const root = await tmp();
    await put(root, 'tfstate.config.json', JSON.stringify({ environments: { prod: { state: 'prod/terraform.tfstate', protected: true } } }));
    await put(root, 'prod/terraform.tfstate', '{}');
    const l = await resolveLocation({ cwd: path.join(root, 'prod'), state: '../prod/./terraform.tfstate', env_: {} });
    const envs = await listEnvironments({ cwd: root, env_: {} });
    if (!l.ok || !envs.ok) throw new Error('did not resolve');
    const diags = checkEditGuards(l.value, ctx({ namedWithEnv: false, allEnvironments: envs.value.map((e) => e.location) }));
    expect(diags.map((d) => [d.code, d.detail])).toEqual([
      ['guard.protected-location', `--state ${path.join(root, 'prod/terraform.tfstate')} is the state of the protected environment prod: ${HOW}`],
    ]);
  });
});
