import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findConfigFile, loadConfig, parseConfig } from '../../src/session/config.js';
import { useTempDir } from './helpers.js';

const F = 'tfstate.config.json';

/** The details of a failed parse. */
function errorsOf(text: string): string[] {
  const r = parseConfig(text, F);
  expect(r.ok).toBe(false);
  return r.diags.map((d) => `${d.code}: ${d.detail}`);
}

describe('parseConfig', () => {
  it('reads the example of design §6', () => {
    const r = parseConfig(
      JSON.stringify(
        {
          environments: {
            staging: { state: 'envs/staging/terraform.tfstate' },
            prod: { state: 's3://acme-tfstate/prod/terraform.tfstate', region: 'eu-west-1', dynamodbTable: 'terraform-locks', useLockfile: true, protected: true },
          },
        },
        null,
        2,
      ),
      F,
    );
    expect(r.ok && r.value.environments).toEqual([
      { name: 'staging', at: { line: 3, column: 5 }, state: 'envs/staging/terraform.tfstate', stateKind: 'local', protected: false, workspace: null, protect: [], onEdit: null },
      {
        name: 'prod',
        at: { line: 6, column: 5 },
        state: 's3://acme-tfstate/prod/terraform.tfstate',
        stateKind: 's3',
        protected: true,
        workspace: null,
        protect: [],
        onEdit: null,
        region: 'eu-west-1',
        dynamodbTable: 'terraform-locks',
        useLockfile: true,
      },
    ]);
  });

  it('reads every optional key, normalising exact protect addresses', () => {
    const r = parseConfig(
      JSON.stringify({
        $schema: './schema.json',
        environments: {
          prod: {
            state: 's3://b/k',
            region: 'r',
            dynamodbTable: 't',
            useLockfile: false,
            protected: true,
            workspace: 'blue',
            workspaceKeyPrefix: '',
            profile: 'p',
            endpoint: 'http://127.0.0.1:9000',
            dynamodbEndpoint: 'https://ddb.example',
            forcePathStyle: true,
            protect: ['module.database.*', 'aws_instance.web[ 0 ]'],
            onEdit: 'notify-send edited',
          },
        },
      }),
      F,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const e = r.value.environments[0]!;
    expect(e.protect).toEqual(['module.database.*', 'aws_instance.web[0]']);
    expect(e.workspaceKeyPrefix).toBe('');
    expect(e.workspace).toBe('blue');
    expect(e.onEdit).toBe('notify-send edited');
    expect(e.forcePathStyle).toBe(true);
  });

  it('accepts an empty environments object and a byte order mark', () => {
    const r = parseConfig('\uFEFF{"environments": {}}', F);
    expect(r.ok && r.value.environments).toEqual([]);
  });

  it.each([
    ['{"environments": {"a": {"state": "x",}}}', 'config.invalid-json: tfstate.config.json:1:38: invalid character \'}\' looking for beginning of object key string. Fix the syntax at that position; the config file is plain JSON (no comments, no trailing commas).'],
    ['{\n  "environments": {\n    // prod\n  }\n}', 'config.invalid-json: tfstate.config.json:3:5: invalid character \'/\' looking for beginning of object key string. Fix the syntax at that position; the config file is plain JSON (no comments, no trailing commas).'],
    ['', 'config.invalid-json: tfstate.config.json:1:1: unexpected end of JSON input. Fix the syntax at that position; the config file is plain JSON (no comments, no trailing commas).'],
    ['{} {}', 'config.invalid-json: tfstate.config.json:1:4: invalid character \'{\' after top-level value. Fix the syntax at that position; the config file is plain JSON (no comments, no trailing commas).'],
  ])('reports invalid JSON with line and column: %j', (text, message) => {
    expect(errorsOf(text)).toEqual([message]);
  });

  it.each([
    ['[]', 'config.wrong-type: tfstate.config.json:1:1: the file must hold a JSON object with an "environments" object, not an array.'],
    ['{}', 'config.missing-environments: tfstate.config.json: there is no "environments" object. Add one, for example {"environments": {"staging": {"state": "envs/staging/terraform.tfstate"}}}.'],
    ['{"environments": []}', 'config.wrong-type: tfstate.config.json:1:18: "environments" must be an object mapping environment names to their settings, not an array.'],
    [
      '{"environment": {}, "environments": {}}',
      'config.unknown-key: tfstate.config.json:1:2: unknown key "environment". Did you mean "environments"? The top level holds only "environments" (and optionally "$schema").',
    ],
    ['{"environments": {"prod": "s3://b/k"}}', 'config.wrong-type: tfstate.config.json:1:27: environment "prod" must be an object of settings such as {"state": "terraform.tfstate"}, not a string.'],
    [
      '{"environments": {"my env": {"state": "x"}}}',
      'config.invalid-environment-name: tfstate.config.json:1:19: "my env" is not a valid environment name. Use letters, digits, "-", "_" and ".", starting with a letter or digit: the name is typed after --env.',
    ],
    [
      '{"environments": {"prod": {}}}',
      'config.missing-state: tfstate.config.json:1:19: environment "prod" has no "state". Give the state\'s location: a path relative to the config file\'s directory, or s3://BUCKET/KEY.',
    ],
  ])('refuses a malformed file: %s', (text, message) => {
    expect(errorsOf(text)).toEqual([message]);
  });

  it.each([
    [
      '"protectd": true',
      'config.unknown-key: tfstate.config.json:1:49: environment "prod": unknown key "protectd". Did you mean "protected"? Valid keys: state, region, dynamodbTable, useLockfile, protected, workspace, workspaceKeyPrefix, profile, endpoint, dynamodbEndpoint, forcePathStyle, protect, onEdit.',
    ],
    [
      '"dynamodb_table": "locks"',
      'config.unknown-key: tfstate.config.json:1:49: environment "prod": unknown key "dynamodb_table". Did you mean "dynamodbTable"? Valid keys: state, region, dynamodbTable, useLockfile, protected, workspace, workspaceKeyPrefix, profile, endpoint, dynamodbEndpoint, forcePathStyle, protect, onEdit.',
    ],
    [
      '"colour": "red"',
      'config.unknown-key: tfstate.config.json:1:49: environment "prod": unknown key "colour". Valid keys: state, region, dynamodbTable, useLockfile, protected, workspace, workspaceKeyPrefix, profile, endpoint, dynamodbEndpoint, forcePathStyle, protect, onEdit.',
    ],
    ['"protected": "yes"', 'config.wrong-type: tfstate.config.json:1:62: environment "prod": "protected" must be a boolean (true or false), not a string.'],
    ['"region": 1', 'config.wrong-type: tfstate.config.json:1:59: environment "prod": "region" must be a string, not a number.'],
    ['"protect": "module.db"', 'config.wrong-type: tfstate.config.json:1:60: environment "prod": "protect" must be an array of address patterns, such as ["module.database.*"], not a string.'],
    ['"protect": ["a.b", 3]', 'config.wrong-type: tfstate.config.json:1:60: environment "prod": "protect"[1] must be a string (an address pattern), not a number.'],
    ['"onEdit": ""', 'config.empty-value: tfstate.config.json:1:59: environment "prod": "onEdit" is empty; give a value or remove the key.'],
    [
      '"workspace": "my ws"',
      'config.invalid-workspace: tfstate.config.json:1:62: environment "prod": "workspace": "my ws" is not a valid workspace name. Terraform workspace names are non-empty and contain only letters, digits and the characters - _ . ~ $ & + : = @.',
    ],
    ['"endpoint": "localhost:9000"', 'config.invalid-endpoint: tfstate.config.json:1:61: environment "prod": "endpoint" is "localhost:9000", which is not an http:// or https:// URL.'],
    [
      '"protect": ["aws_db_instance"]',
      'config.invalid-pattern: tfstate.config.json:1:60: environment "prod": "protect"[0] "aws_db_instance" is not a valid address pattern: Resource specification must include a resource type and name. Write a module, resource or instance address such as module.database, aws_db_instance.main or aws_instance.web[0]; * matches any run of characters.',
    ],
    [
      '"protect": ["module.db *"]',
      'config.invalid-pattern: tfstate.config.json:1:60: environment "prod": "protect"[0] "module.db *" is not a valid address pattern: it contains whitespace. Write a module, resource or instance address such as module.database, aws_db_instance.main or aws_instance.web[0]; * matches any run of characters.',
    ],
    ['"protected": true, "protected": false', 'config.duplicate-key: tfstate.config.json:1:68: environment "prod": key "protected" appears twice (first at 1:49); remove one.'],
  ])('refuses a bad setting in an S3 environment: %s', (member, message) => {
    expect(errorsOf(`{"environments": {"prod": {"state": "s3://b/k", ${member}}}}`)).toEqual([message]);
  });

  it.each([
    ['region', '"eu-west-1"'],
    ['dynamodbTable', '"locks"'],
    ['useLockfile', 'true'],
    ['forcePathStyle', 'false'],
  ])('refuses the S3 setting %s on a local environment', (key, value) => {
    expect(errorsOf(`{"environments": {"dev": {"state": "dev.tfstate", "${key}": ${value}}}}`)).toEqual([
      `config.s3-only-key: tfstate.config.json:1:${55 + key.length}: environment "dev": "${key}" applies only to S3 states, and this environment's state is the local file "dev.tfstate". Remove "${key}".`,
    ]);
  });

  it('refuses a state on another backend', () => {
    expect(errorsOf('{"environments": {"prod": {"state": "gs://b/k"}}}')).toEqual([
      'config.unsupported-state: tfstate.config.json:1:37: environment "prod": "state" is "gs://b/k", but tfstate opens local files and s3:// locations only. For another backend, copy the state with terraform state pull > FILE and use --state FILE.',
    ]);
  });

  it('refuses an environment defined twice, since JSON would keep only the last', () => {
    const text = '{"environments": {\n"prod": {"state": "a", "protected": true},\n"prod": {"state": "a"}}}';
    expect(errorsOf(text)).toEqual([
      'config.duplicate-key: tfstate.config.json:3:1: environment "prod" is defined twice (first at 2:1). JSON keeps only the last definition, so a second one can silently undo the first; remove or rename one.',
    ]);
  });

  it('reports every problem, not only the first', () => {
    const diags = errorsOf('{"environments": {"a": {"state": 1}, "b": {"protected": 1}, "c": {"state": "x", "regio": "r"}}}');
    expect(diags.map((d) => d.split(':')[0])).toEqual(['config.wrong-type', 'config.wrong-type', 'config.missing-state', 'config.unknown-key']);
  });
});

describe('loadConfig', () => {
  const tmp = useTempDir();

  it('finds the nearest config file walking up from the working directory', async () => {
    const root = await tmp();
    await writeFile(path.join(root, F), '{"environments": {"outer": {"state": "o.tfstate"}}}');
    await mkdir(path.join(root, 'a/b/c'), { recursive: true });
    await writeFile(path.join(root, 'a', F), '{"environments": {"inner": {"state": "i.tfstate"}}}');
    const r = await loadConfig({ cwd: path.join(root, 'a/b/c') });
    expect(r.ok && r.value?.file).toBe(path.join(root, 'a', F));
    expect(r.ok && r.value?.dir).toBe(path.join(root, 'a'));
    expect(r.ok && r.value?.environments.map((e) => e.name)).toEqual(['inner']);
    expect(await findConfigFile({ cwd: root })).toBe(path.join(root, F));
  });

  it('returns null when there is no config file anywhere above', async () => {
    const root = await tmp();
    // tmpdir's ancestors (/tmp, /) hold no tfstate.config.json on a test machine.
    expect(await loadConfig({ cwd: root })).toEqual({ ok: true, value: null, diags: [] });
  });

  it('uses --config-file relative to the working directory, and refuses a missing one', async () => {
    const root = await tmp();
    await writeFile(path.join(root, 'other.json'), '{"environments": {"x": {"state": "x.tfstate"}}}');
    const r = await loadConfig({ cwd: root, configFile: 'other.json' });
    expect(r.ok && r.value?.environments.map((e) => e.name)).toEqual(['x']);
    const missing = await loadConfig({ cwd: root, configFile: 'nope.json' });
    expect(missing.ok).toBe(false);
    expect(missing.diags.map((d) => [d.code, d.detail])).toEqual([
      [
        'config.not-found',
        `--config-file nope.json: there is no such file (${path.join(root, 'nope.json')}). Check the path, or leave out --config-file to use the tfstate.config.json found by walking up from the working directory.`,
      ],
    ]);
  });

  it('applies the S3 backend rules to S3 environments, naming the file and environment', async () => {
    const root = await tmp();
    const file = path.join(root, F);
    await writeFile(file, '{"environments": {\n  "prod": {"state": "s3://b/k/", "workspaceKeyPrefix": "/envs"},\n  "dev": {"state": "s3://bucket-only"}\n}}');
    const r = await loadConfig({ cwd: root });
    expect(r.ok).toBe(false);
    expect(r.diags.map((d) => [d.code, d.detail])).toEqual([
      ['config.invalid-key', `${file}:2:3: environment "prod": The S3 key "k/" must not start or end with "/"; Terraform rejects such keys. Remove the leading or trailing slash.`],
      [
        'config.invalid-workspace-key-prefix',
        `${file}:2:3: environment "prod": The workspace key prefix "/envs" must not start or end with "/"; Terraform rejects such prefixes. Remove the leading or trailing slash.`,
      ],
      ['config.invalid-state', `${file}:3:3: environment "dev": "s3://bucket-only" is not an S3 location. Write it as s3://BUCKET/KEY, for example s3://acme-tfstate/prod/terraform.tfstate.`],
    ]);
  });

  it('passes on parse errors with the absolute file name', async () => {
    const root = await tmp();
    await writeFile(path.join(root, F), '{"environments": ');
    const r = await loadConfig({ cwd: root });
    expect(r.diags[0]?.detail).toMatch(new RegExp(`^${path.join(root, F).replace(/[.]/g, '\\.')}:1:18: unexpected end of JSON input`));
  });
});
