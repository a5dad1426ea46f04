#!/usr/bin/env node
// Deterministic generator of large, realistic Terraform states for benchmarks.
//
//   node bench/generate.mjs --size 100MB [--out FILE] [--seed N]
//   node bench/generate.mjs --instances 5000 [--out FILE]
//   node bench/generate.mjs --size 1MB --verify     (also checks the bytes with `terraform`)
//
// The output is byte-for-byte what Terraform 1.11.4 writes for the same state
// (terraform-state.md §1.8, §1.9): MarshalIndent with two spaces, struct key
// order, cty-sorted attribute keys, <>& U+2028/9 escaped, resources sorted by
// (module, mode, type, name), instances by key then deposed key, one trailing
// "\n". The state models many copies of a service stack: nested modules two and
// three deep with string and int keys, count and for_each, data sources,
// create_before_destroy with deposed objects, tainted instances, sensitive
// attributes and outputs, IAM policy JSON strings, long tag maps and nested
// block lists, and `dependencies` across modules.
//
// No Math.random: every value comes from a seeded PRNG keyed by the resource's
// address, so a given (seed, size) always produces the same bytes.
import { closeSync, mkdirSync, openSync, writeSync, readFileSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

// ---------- deterministic randomness ----------

/** FNV-1a 32-bit hash of a string. */
function hash32(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32 PRNG seeded from (global seed, key). */
function rng(seed, key) {
  let a = (hash32(key) ^ Math.imul(seed, 0x9e3779b1)) >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (arr) => arr[Math.floor(next() * arr.length)];
  const hex = (n) => {
    let s = '';
    while (s.length < n) s += ((next() * 4294967296) >>> 0).toString(16).padStart(8, '0');
    return s.slice(0, n);
  };
  const b64 = (n) => {
    const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    let s = '';
    for (let i = 0; i < n; i++) s += A[Math.floor(next() * 64)];
    return s;
  };
  return { next, int, pick, hex, b64, chance: (p) => next() < p };
}

// ---------- Go-compatible framing ----------

const HTML = /[<>&\u2028\u2029]/g;
const HTML_ESC = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/**
 * JSON.stringify(v, null, 2) re-indented under `prefix`, with Go's HTML escapes.
 * JSON.stringify already matches Go's MarshalIndent for what this generator
 * emits (inline [] and {}, lower-case \u00XX, \b \f short escapes).
 */
function goIndent(v, prefix) {
  return JSON.stringify(v, null, 2).replace(/\n/g, '\n' + prefix).replace(HTML, (c) => HTML_ESC[c]);
}

/** Deep copy with object keys sorted (cty marshals object attributes and map keys sorted). */
function sortDeep(v) {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(sortDeep);
  const out = {};
  for (const k of Object.keys(v).sort()) out[k] = sortDeep(v[k]);
  return out;
}

/** tags and tags_all (the provider's merged view; no default_tags here, so equal). */
function tagPair(r, svc, name, extra) {
  const tags = tagsFor(r, svc, name, extra);
  return { tags, tags_all: tags };
}

const SENSITIVE = (...names) => names.map((n) => [{ type: 'get_attr', value: n }]);

/** An instance object in Terraform 1.11 key order. */
function instanceObject({ key, status, deposed, schemaVersion = 0, attributes, sensitive = [], priv, dependencies, cbd }) {
  const o = {};
  if (key !== undefined) o.index_key = key;
  if (status) o.status = status;
  if (deposed) o.deposed = deposed;
  o.schema_version = schemaVersion;
  o.attributes = sortDeep(attributes);
  o.sensitive_attributes = sensitive;
  if (priv) o.private = priv;
  if (dependencies && dependencies.length) o.dependencies = [...new Set(dependencies)].sort();
  if (cbd) o.create_before_destroy = true;
  return o;
}

// ---------- the stack ----------

const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2', 'ap-southeast-2'];
const WORDS = ['billing', 'catalog', 'checkout', 'search', 'identity', 'ledger', 'media', 'notify', 'orders', 'payments', 'pricing', 'profile', 'reports', 'reviews', 'routing', 'shipping', 'stock', 'tracking', 'upload', 'wallet'];
const TEAMS = ['platform', 'commerce', 'growth', 'data', 'core-infra', 'risk'];
const AWS = 'provider["registry.terraform.io/hashicorp/aws"]';
const TIMEOUTS = (o) => Buffer.from(JSON.stringify({ 'e2bfb730-ecaa-11e6-8f88-34363bc7c4c0': o, schema_version: '1' })).toString('base64');
const PRIV_INSTANCE = TIMEOUTS({ create: 600000000000, delete: 1200000000000, read: 900000000000, update: 600000000000 });
const PRIV_DB = TIMEOUTS({ create: 2400000000000, delete: 3600000000000, update: 4800000000000 });
const PRIV_SG = TIMEOUTS({ create: 600000000000, delete: 900000000000 });

function tagsFor(r, svc, name, extra = {}) {
  const t = { Application: svc.name, CostCenter: `cc-${svc.cost}`, Environment: 'production', ManagedBy: 'terraform', Name: `${svc.name}-${name}`, Owner: `${svc.team}@acme.example`, Repository: `github.com/acme/${svc.name}-infra`, Team: svc.team, ...extra };
  const n = r.int(2, 8);
  for (let i = 0; i < n; i++) t[`acme:${r.pick(['backup', 'compliance', 'dataClass', 'sla', 'tier', 'review'])}`] = r.pick(['daily', 'pci', 'internal', 'gold', 'critical', '2024-Q3 & later', '<none>']);
  return t;
}

function policy(r, svc, n) {
  const actions = ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 'sqs:SendMessage', 'sqs:ReceiveMessage', 'kms:Decrypt', 'kms:GenerateDataKey', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'logs:CreateLogStream', 'logs:PutLogEvents', 'secretsmanager:GetSecretValue', 'ssm:GetParameters'];
  const st = [];
  for (let i = 0; i < n; i++) {
    st.push({ Sid: `Stmt${i}${r.hex(4)}`, Effect: 'Allow', Action: [...new Set(Array.from({ length: r.int(2, 6) }, () => r.pick(actions)))].sort(), Resource: [`arn:aws:s3:::${svc.name}-${svc.region}-${r.hex(6)}/*`, `arn:aws:sqs:${svc.region}:${svc.account}:${svc.name}-${r.hex(4)}`], ...(r.chance(0.4) ? { Condition: { StringEquals: { 'aws:PrincipalTag/Team': svc.team } } } : {}) });
  }
  return JSON.stringify({ Version: '2012-10-17', Statement: st });
}

/**
 * The resources of one service cell. Each entry: { module, mode, type, name, make(rng) -> instance objects }.
 * Instance objects are produced in key order; count/for_each shapes come from the cell's own PRNG.
 */
function cellResources(seed, i) {
  const r0 = rng(seed, `cell-${i}`);
  const name = `${WORDS[i % WORDS.length]}-${String(Math.floor(i / WORDS.length)).padStart(3, '0')}`;
  const svc = { name, region: REGIONS[i % REGIONS.length], account: String(100000000000 + r0.int(0, 899999999999)), team: r0.pick(TEAMS), cost: r0.int(1000, 9999) };
  const root = `module.service["${name}"]`;
  const net = `${root}.module.network`;
  const compute = `${root}.module.compute[0]`;
  const db = `${root}.module.db[0]`;
  const lb = `${root}.module.lb`;
  const vpcId = `vpc-0${r0.hex(16)}`;
  const subnets = [0, 1, 2].map(() => `subnet-0${r0.hex(16)}`);
  const out = [];
  const R = (module, mode, type, name, make) => out.push({ module, mode, type, name, make });
  const arn = (service, rest) => `arn:aws:${service}:${svc.region}:${svc.account}:${rest}`;

  R(root, 'data', 'aws_iam_policy_document', 'assume', (r) => [instanceObject({ attributes: { id: String(r.int(1e9, 4e9)), json: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: ['ecs-tasks.amazonaws.com', 'ec2.amazonaws.com'] } }] }), override_policy_documents: null, policy_id: null, source_policy_documents: null, statement: [{ actions: ['sts:AssumeRole'], condition: [], effect: 'Allow', not_actions: [], not_principals: [], not_resources: [], principals: [{ identifiers: ['ec2.amazonaws.com', 'ecs-tasks.amazonaws.com'], type: 'Service' }], resources: [], sid: '' }], version: '2012-10-17' } })]);
  R(root, 'managed', 'aws_iam_role', 'task', (r) => [instanceObject({ attributes: { arn: `arn:aws:iam::${svc.account}:role/${name}-task`, assume_role_policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'ecs-tasks.amazonaws.com' } }] }), create_date: '2024-03-11T09:14:52Z', description: `Task role for ${name}`, force_detach_policies: false, id: `${name}-task`, inline_policy: [], managed_policy_arns: [arn('iam', `policy/${name}-task`).replace(`:${svc.region}:`, '::')], max_session_duration: 3600, name: `${name}-task`, name_prefix: '', path: '/', permissions_boundary: '', ...tagPair(r, svc, 'task'), unique_id: `AROA${r.hex(17).toUpperCase()}` }, dependencies: [`module.service.data.aws_iam_policy_document.assume`] })]);
  R(root, 'managed', 'aws_iam_policy', 'task', (r) => [instanceObject({ attributes: { arn: `arn:aws:iam::${svc.account}:policy/${name}-task`, attachment_count: 1, description: 'Task permissions <generated> & reviewed', id: `arn:aws:iam::${svc.account}:policy/${name}-task`, name: `${name}-task`, name_prefix: '', path: '/', policy: policy(r, svc, r.int(8, 24)), policy_id: `ANPA${r.hex(17).toUpperCase()}`, ...tagPair(r, svc, 'policy') } })]);
  R(root, 'managed', 'aws_cloudwatch_log_group', 'this', (r) => [instanceObject({ attributes: { arn: arn('logs', `log-group:/ecs/${name}`), id: `/ecs/${name}`, kms_key_id: '', log_group_class: 'STANDARD', name: `/ecs/${name}`, name_prefix: '', retention_in_days: r.pick([7, 14, 30, 90, 365]), skip_destroy: false, ...tagPair(r, svc, 'logs') } })]);
  R(root, 'managed', 'aws_s3_bucket', 'artifacts', (r) => {
    const b = `${name}-${svc.region}-artifacts-${r.hex(6)}`;
    return [instanceObject({ attributes: { acceleration_status: '', acl: null, arn: `arn:aws:s3:::${b}`, bucket: b, bucket_domain_name: `${b}.s3.amazonaws.com`, bucket_prefix: '', bucket_regional_domain_name: `${b}.s3.${svc.region}.amazonaws.com`, cors_rule: [], force_destroy: false, grant: [{ id: r.hex(64), permissions: ['FULL_CONTROL'], type: 'CanonicalUser', uri: '' }], hosted_zone_id: 'Z1BKCTXD74EZPE', id: b, lifecycle_rule: [], logging: [], object_lock_configuration: [], object_lock_enabled: false, policy: '', region: svc.region, replication_configuration: [], request_payer: 'BucketOwner', server_side_encryption_configuration: [{ rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: '', sse_algorithm: 'AES256' }], bucket_key_enabled: false }] }], ...tagPair(r, svc, 'artifacts'), timeouts: null, versioning: [{ enabled: true, mfa_delete: false }], website: [], website_domain: null, website_endpoint: null } })];
  });
  R(root, 'managed', 'aws_ssm_parameter', 'config', (r) => {
    const keys = ['API_URL', 'DB_HOST', 'DB_PASSWORD', 'FEATURE_FLAGS', 'LOG_LEVEL', 'QUEUE_URL', 'SENTRY_DSN'].filter(() => r.chance(0.5));
    return keys.map((k) => {
      const secure = k === 'DB_PASSWORD' || k === 'SENTRY_DSN';
      const value = secure ? `bench-secret-${r.hex(24)}` : k === 'FEATURE_FLAGS' ? JSON.stringify({ beta: r.chance(0.5), rollout: r.int(0, 100), regions: [svc.region] }) : `${k.toLowerCase()}-${r.hex(12)}`;
      return instanceObject({ key: k, attributes: { allowed_pattern: '', arn: arn('ssm', `parameter/${name}/${k}`), data_type: 'text', description: `${k} for ${name}`, id: `/${name}/${k}`, insecure_value: secure ? null : value, key_id: secure ? 'alias/aws/ssm' : '', name: `/${name}/${k}`, overwrite: null, tags: {}, tags_all: {}, tier: 'Standard', type: secure ? 'SecureString' : 'String', value, version: r.int(1, 9) }, sensitive: SENSITIVE('value'), dependencies: [`module.service.module.db.aws_db_instance.this`] });
    });
  });

  R(net, 'managed', 'aws_security_group', 'this', (r) =>
    ['app', 'db', 'lb'].map((k) => { const sg = `sg-0${r.hex(16)}`; return instanceObject({ key: k, schemaVersion: 1, attributes: { arn: arn('ec2', `security-group/${sg}`), description: `${k} traffic for ${name}`, egress: [{ cidr_blocks: ['0.0.0.0/0'], description: '', from_port: 0, ipv6_cidr_blocks: [], prefix_list_ids: [], protocol: '-1', security_groups: [], self: false, to_port: 0 }], id: sg, ingress: Array.from({ length: r.int(2, 8) }, (_, j) => ({ cidr_blocks: [`10.${r.int(0, 255)}.0.0/16`], description: `rule ${j}`, from_port: 443 + j, ipv6_cidr_blocks: [], prefix_list_ids: [], protocol: 'tcp', security_groups: [], self: false, to_port: 443 + j })), name: `${name}-${k}`, name_prefix: '', owner_id: svc.account, revoke_rules_on_delete: false, ...tagPair(r, svc, `sg-${k}`), timeouts: null, vpc_id: vpcId }, priv: PRIV_SG }); }),
  );
  R(net, 'managed', 'aws_security_group_rule', 'ingress', (r) =>
    Array.from({ length: r.int(1, 3) }, (_, k) => instanceObject({ key: k, schemaVersion: 2, attributes: { cidr_blocks: [`10.${r.int(0, 255)}.${r.int(0, 255)}.0/24`], description: `allow ${k}`, from_port: 8000 + k, id: `sgrule-${r.int(1e9, 4e9)}`, ipv6_cidr_blocks: null, prefix_list_ids: null, protocol: 'tcp', security_group_id: `sg-0${r.hex(16)}`, security_group_rule_id: `sgr-0${r.hex(16)}`, self: false, source_security_group_id: null, timeouts: null, to_port: 8000 + k, type: 'ingress' }, dependencies: ['module.service.module.network.aws_security_group.this'] })),
  );

  R(compute, 'managed', 'aws_launch_template', 'this', (r) => {
    const lt = (version, id = `lt-0${r.hex(16)}`) => ({ arn: arn('ec2', `launch-template/${id}`), block_device_mappings: [{ device_name: '/dev/xvda', ebs: [{ delete_on_termination: 'true', encrypted: 'true', iops: 3000, kms_key_id: '', snapshot_id: '', throughput: 125, volume_size: 30, volume_type: 'gp3' }], no_device: '', virtual_name: '' }], default_version: version, description: `${name} nodes`, id, image_id: `ami-0${r.hex(16)}`, instance_type: r.pick(['m6i.large', 'c6g.xlarge', 'r6i.large']), latest_version: version, metadata_options: [{ http_endpoint: 'enabled', http_protocol_ipv6: '', http_put_response_hop_limit: 2, http_tokens: 'required', instance_metadata_tags: '' }], name: `${name}-nodes`, name_prefix: '', ...tagPair(r, svc, 'lt'), update_default_version: true, user_data: r.b64(r.int(600, 2400)), vpc_security_group_ids: [`sg-0${r.hex(16)}`] });
    const objs = [instanceObject({ attributes: lt(r.int(3, 40)), cbd: true })];
    if (r.chance(0.15)) objs.push(instanceObject({ deposed: r.hex(8), attributes: lt(r.int(1, 2)), cbd: true }));
    return objs.sort((a, b) => ((a.deposed ?? '') < (b.deposed ?? '') ? -1 : 1));
  });
  R(compute, 'managed', 'aws_autoscaling_group', 'this', (r) => [instanceObject({ attributes: { arn: arn('autoscaling', `autoScalingGroup:${r.hex(8)}-${r.hex(4)}-${r.hex(4)}:autoScalingGroupName/${name}`), availability_zones: [`${svc.region}a`, `${svc.region}b`], default_cooldown: 300, desired_capacity: r.int(2, 6), health_check_grace_period: 300, health_check_type: 'ELB', id: name, launch_template: [{ id: `lt-0${r.hex(16)}`, name: `${name}-nodes`, version: '$Latest' }], max_size: 12, min_size: 2, name, tag: Object.entries(tagsFor(r, svc, 'asg')).map(([key, value]) => ({ key, propagate_at_launch: true, value })), target_group_arns: [arn('elasticloadbalancing', `targetgroup/${name}/${r.hex(16)}`)], termination_policies: ['OldestLaunchTemplate', 'Default'], vpc_zone_identifier: subnets }, cbd: true, dependencies: ['module.service.module.compute.aws_launch_template.this', 'module.service.module.lb.aws_lb_target_group.this'] })]);
  for (const color of ['blue', 'green']) {
    R(`${compute}.module.node["${color}"]`, 'managed', 'aws_instance', 'node', (r) =>
      Array.from({ length: r.int(3, 6) }, (_, k) => {
        const ipAddr = `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(4, 250)}`;
        const iid = `i-0${r.hex(16)}`;
        return instanceObject({ key: k, status: r.chance(0.02) ? 'tainted' : undefined, schemaVersion: 1, attributes: { ami: `ami-0${r.hex(16)}`, arn: arn('ec2', `instance/${iid}`), associate_public_ip_address: false, availability_zone: `${svc.region}${'abc'[k % 3]}`, capacity_reservation_specification: [{ capacity_reservation_preference: 'open', capacity_reservation_target: [] }], cpu_options: [{ amd_sev_snp: '', core_count: 2, threads_per_core: 2 }], credit_specification: [], disable_api_stop: false, disable_api_termination: false, ebs_block_device: Array.from({ length: r.int(1, 3) }, (_, v) => ({ delete_on_termination: false, device_name: `/dev/sd${'fgh'[v]}`, encrypted: true, iops: 3000, kms_key_id: arn('kms', `key/${r.hex(8)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)}`), snapshot_id: '', tags: { Name: `${name}-data-${v}` }, tags_all: { Name: `${name}-data-${v}` }, throughput: 250, volume_id: `vol-0${r.hex(16)}`, volume_size: r.pick([100, 250, 500]), volume_type: 'gp3' })), ebs_optimized: true, enclave_options: [{ enabled: false }], ephemeral_block_device: [], hibernation: false, iam_instance_profile: `${name}-node`, id: iid, instance_initiated_shutdown_behavior: 'stop', instance_state: 'running', instance_type: r.pick(['m6i.large', 'c6g.xlarge', 'r6i.large']), ipv6_address_count: 0, ipv6_addresses: [], key_name: '', launch_template: [], maintenance_options: [{ auto_recovery: 'default' }], metadata_options: [{ http_endpoint: 'enabled', http_protocol_ipv6: 'disabled', http_put_response_hop_limit: 2, http_tokens: 'required', instance_metadata_tags: 'disabled' }], monitoring: true, network_interface: [], placement_group: '', primary_network_interface_id: `eni-0${r.hex(16)}`, private_dns: `ip-${ipAddr.replaceAll('.', '-')}.${svc.region}.compute.internal`, private_ip: ipAddr, public_dns: '', public_ip: '', root_block_device: [{ delete_on_termination: true, device_name: '/dev/xvda', encrypted: true, iops: 3000, kms_key_id: arn('kms', `key/${r.hex(8)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)}`), tags: {}, tags_all: {}, throughput: 125, volume_id: `vol-0${r.hex(16)}`, volume_size: 30, volume_type: 'gp3' }], secondary_private_ips: [], security_groups: [], source_dest_check: true, spot_instance_request_id: '', subnet_id: subnets[k % 3], private_dns_name_options: [{ enable_resource_name_dns_a_record: false, enable_resource_name_dns_aaaa_record: false, hostname_type: 'ip-name' }], cpu_core_count: 2, cpu_threads_per_core: 2, get_password_data: false, host_id: '', host_resource_group_arn: null, instance_lifecycle: '', instance_market_options: [], outpost_arn: '', password_data: '', placement_partition_number: 0, ...tagPair(r, svc, `node-${color}-${k}`, { Color: color }), tenancy: 'default', timeouts: null, user_data: r.hex(40), user_data_base64: null, user_data_replace_on_change: false, volume_tags: null, vpc_security_group_ids: [`sg-0${r.hex(16)}`] }, priv: PRIV_INSTANCE, dependencies: ['module.service.aws_iam_role.task', 'module.service.module.compute.aws_launch_template.this', 'module.service.module.network.aws_security_group.this'] });
      }),
    );
  }

  R(db, 'managed', 'aws_db_subnet_group', 'this', (r) => [instanceObject({ attributes: { arn: arn('rds', `subgrp:${name}`), description: 'Managed by Terraform', id: name, name, name_prefix: '', subnet_ids: subnets, supported_network_types: ['IPV4'], ...tagPair(r, svc, 'db'), vpc_id: vpcId } })]);
  R(db, 'managed', 'aws_db_parameter_group', 'this', (r) => [instanceObject({ attributes: { arn: arn('rds', `pg:${name}-pg16`), description: 'Managed by Terraform', family: 'postgres16', id: `${name}-pg16`, name: `${name}-pg16`, name_prefix: '', parameter: Array.from({ length: r.int(20, 60) }, (_, j) => ({ apply_method: r.pick(['immediate', 'pending-reboot']), name: `${r.pick(['log', 'autovacuum', 'work', 'shared', 'max', 'rds'])}_${r.pick(['min_duration', 'naptime', 'mem', 'buffers', 'connections', 'force_ssl'])}_${j}`, value: String(r.int(0, 65536)) })), skip_destroy: false, ...tagPair(r, svc, 'pg') } })]);
  R(db, 'managed', 'aws_db_instance', 'this', (r) => {
    const address = `${name}.c${r.hex(11)}.${svc.region}.rds.amazonaws.com`;
    return [instanceObject({ schemaVersion: 2, attributes: { address, allocated_storage: r.pick([100, 200, 500]), arn: arn('rds', `db:${name}`), auto_minor_version_upgrade: true, availability_zone: `${svc.region}a`, backup_retention_period: 14, backup_window: '02:00-03:00', ca_cert_identifier: 'rds-ca-rsa2048-g1', copy_tags_to_snapshot: true, db_name: name.replace(/-/g, '_'), db_subnet_group_name: name, deletion_protection: r.chance(0.8), endpoint: `${address}:5432`, engine: 'postgres', engine_version: '16.3', final_snapshot_identifier: `${name}-final`, id: `db-${r.hex(26).toUpperCase()}`, identifier: name, instance_class: r.pick(['db.r6g.large', 'db.r6g.xlarge', 'db.m6g.large']), kms_key_id: arn('kms', `key/${r.hex(8)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)}`), maintenance_window: 'sun:04:00-sun:05:00', multi_az: true, parameter_group_name: `${name}-pg16`, password: `bench-db-${r.hex(20)}`, port: 5432, publicly_accessible: false, resource_id: `db-${r.hex(26).toUpperCase()}`, skip_final_snapshot: false, status: 'available', storage_encrypted: true, storage_type: 'gp3', ...tagPair(r, svc, 'db'), timeouts: null, username: 'app_admin', vpc_security_group_ids: [`sg-0${r.hex(16)}`] }, sensitive: SENSITIVE('password'), priv: PRIV_DB, dependencies: ['module.service.module.db.aws_db_parameter_group.this', 'module.service.module.db.aws_db_subnet_group.this', 'module.service.module.network.aws_security_group.this'] })];
  });

  R(lb, 'managed', 'aws_lb', 'this', (r) => {
    const id = arn('elasticloadbalancing', `loadbalancer/app/${name}/${r.hex(16)}`);
    return [instanceObject({ attributes: { access_logs: [{ bucket: '', enabled: false, prefix: '' }], arn: id, arn_suffix: id.split(':loadbalancer/')[1], dns_name: `${name}-${r.int(1e8, 9e8)}.${svc.region}.elb.amazonaws.com`, drop_invalid_header_fields: true, enable_deletion_protection: true, enable_http2: true, id, idle_timeout: 60, internal: false, ip_address_type: 'ipv4', load_balancer_type: 'application', name, security_groups: [`sg-0${r.hex(16)}`], subnet_mapping: subnets.map((s) => ({ allocation_id: '', ipv6_address: '', outpost_id: '', private_ipv4_address: '', subnet_id: s })), subnets, ...tagPair(r, svc, 'lb'), timeouts: null, vpc_id: vpcId, zone_id: 'Z32O12XQLNTSW2' }, dependencies: ['module.service.module.network.aws_security_group.this'] })];
  });
  R(lb, 'managed', 'aws_lb_target_group', 'this', (r) =>
    ['grpc', 'http'].map((k) => { const tg = arn('elasticloadbalancing', `targetgroup/${name}-${k}/${r.hex(16)}`); return instanceObject({ key: k, attributes: { arn: tg, deregistration_delay: '30', health_check: [{ enabled: true, healthy_threshold: 3, interval: 15, matcher: k === 'http' ? '200-299' : '0', path: k === 'http' ? '/healthz' : '/grpc.health.v1.Health/Check', port: 'traffic-port', protocol: 'HTTP', timeout: 5, unhealthy_threshold: 3 }], id: tg, name: `${name}-${k}`, port: k === 'http' ? 8080 : 9090, protocol: 'HTTP', protocol_version: k === 'http' ? 'HTTP1' : 'GRPC', ...tagPair(r, svc, `tg-${k}`), target_type: 'instance', vpc_id: vpcId } }); }),
  );
  R(lb, 'managed', 'aws_route53_record', 'this', (r) => [instanceObject({ schemaVersion: 2, attributes: { alias: [{ evaluate_target_health: true, name: `${name}.${svc.region}.elb.amazonaws.com`, zone_id: 'Z32O12XQLNTSW2' }], fqdn: `${name}.acme.example`, id: `Z0482916KQ1L3B8VXM2F_${name}.acme.example_A`, name: `${name}.acme.example`, records: null, set_identifier: '', ttl: 0, type: 'A', zone_id: 'Z0482916KQ1L3B8VXM2F' }, dependencies: ['module.service.module.lb.aws_lb.this'] })]);
  return out;
}

function rootResources() {
  return [
    { module: '', mode: 'data', type: 'aws_caller_identity', name: 'current', make: () => [instanceObject({ attributes: { account_id: '123456789012', arn: 'arn:aws:sts::123456789012:assumed-role/terraform/ci', id: '123456789012', user_id: 'AROA123456789012EXAMPLE:ci' } })] },
    { module: '', mode: 'data', type: 'aws_region', name: 'current', make: () => [instanceObject({ attributes: { description: 'Europe (Ireland)', endpoint: 'ec2.eu-west-1.amazonaws.com', id: 'eu-west-1', name: 'eu-west-1' } })] },
  ];
}

// ---------- assembling and writing ----------

function compareResources(a, b) {
  // All generated module strings are ASCII, so UTF-16 order equals Go's byte order.
  for (const k of ['module', 'mode', 'type', 'name']) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  return 0;
}

/**
 * Writes a state with `cells` service cells to `out`.
 * @returns {{ bytes: number, resources: number, instances: number, objects: number }}
 */
export function generate({ cells, seed, out }) {
  const specs = [...rootResources()];
  for (let i = 0; i < cells; i++) specs.push(...cellResources(seed, i));
  specs.sort(compareResources);
  const endpoints = {};
  for (let i = 0; i < cells; i++) endpoints[`${WORDS[i % WORDS.length]}-${String(Math.floor(i / WORDS.length)).padStart(3, '0')}`] = `https://${WORDS[i % WORDS.length]}-${i}.acme.example`;
  const sortedEndpoints = sortDeep(endpoints);
  const outputs = {
    admin_token: { value: `bench-admin-${rng(seed, 'admin').hex(32)}`, type: 'string', sensitive: true },
    endpoints: { value: sortedEndpoints, type: ['map', 'string'] },
    service_count: { value: cells, type: 'number' },
  };
  mkdirSync(dirname(out), { recursive: true });
  const fd = openSync(out, 'w');
  let buf = [];
  let bufLen = 0;
  let bytes = 0;
  const emit = (s) => {
    buf.push(s);
    bufLen += s.length;
    if (bufLen > 1 << 20) flush();
  };
  const flush = () => {
    const chunk = Buffer.from(buf.join(''), 'utf8');
    writeSync(fd, chunk);
    bytes += chunk.length;
    buf = [];
    bufLen = 0;
  };
  const lineage = `${rng(seed, 'lineage').hex(8)}-${rng(seed, 'l2').hex(4)}-${rng(seed, 'l3').hex(4)}-${rng(seed, 'l4').hex(4)}-${rng(seed, 'l5').hex(12)}`;
  emit(`{\n  "version": 4,\n  "terraform_version": "1.11.4",\n  "serial": ${1000 + cells},\n  "lineage": "${lineage}",\n  "outputs": ${goIndent(outputs, '  ')},\n  "resources": [\n`);
  let instances = 0;
  let objects = 0;
  specs.forEach((s, idx) => {
    const inst = s.make(rng(seed, `${s.module}|${s.mode}|${s.type}|${s.name}`));
    objects += inst.length;
    instances += new Set(inst.map((o) => JSON.stringify(o.index_key ?? null))).size;
    const res = {};
    if (s.module) res.module = s.module;
    res.mode = s.mode;
    res.type = s.type;
    res.name = s.name;
    res.provider = AWS;
    res.instances = inst;
    emit('    ' + goIndent(res, '    ') + (idx === specs.length - 1 ? '\n' : ',\n'));
  });
  emit('  ],\n  "check_results": null\n}\n');
  flush();
  closeSync(fd);
  return { bytes, resources: specs.length, instances, objects };
}

function parseSize(s) {
  const m = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)?$/i.exec(s);
  if (!m) throw new Error(`invalid --size ${s} (use e.g. 1MB, 10MB, 100MB)`);
  const unit = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9 }[(m[2] ?? 'B').toUpperCase()];
  return Math.round(Number(m[1]) * unit);
}

/** Measures a sample of cells (deterministic) to turn a byte or instance target into a cell count. */
function cellsFor({ bytes, instances, seed }) {
  const sample = 40;
  const dir = mkdtempSync(join(tmpdir(), 'tfstate-bench-'));
  try {
    const s = generate({ cells: sample, seed, out: join(dir, 'sample.tfstate') });
    if (instances !== undefined) return Math.max(1, Math.round(instances / (s.instances / sample)));
    return Math.max(1, Math.round(bytes / (s.bytes / sample)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Checks the file with Terraform: `state list` must succeed and a rewrite must be byte-identical. */
function verify(file) {
  const dir = mkdtempSync(join(tmpdir(), 'tfstate-bench-verify-'));
  try {
    const rc = join(dir, 'empty.tfrc');
    writeFileSync(rc, '');
    const env = { ...process.env, TF_CLI_CONFIG_FILE: rc, CHECKPOINT_DISABLE: '1' };
    const list = spawnSync('terraform', ['state', 'list', '-no-color', `-state=${file}`], { env, cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30 });
    if (list.error || list.status !== 0) throw new Error(`terraform state list failed: ${list.error?.message ?? list.stderr}`);
    const copy = join(dir, 'copy.tfstate');
    writeFileSync(copy, readFileSync(file));
    const rm = spawnSync('terraform', ['state', 'rm', '-no-color', `-state=${copy}`, 'terraform_data.bench_verify_matches_nothing'], { env, cwd: dir, encoding: 'utf8' });
    if (!rm.stderr.includes('No matching objects found')) throw new Error(`terraform rewrite failed: ${rm.stderr}`);
    const same = readFileSync(copy).equals(readFileSync(file));
    return { listed: list.stdout.split('\n').filter(Boolean).length, byteIdentical: same };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(argv) {
  const opt = { seed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--size') opt.size = val();
    else if (a === '--instances') opt.instances = Number(val());
    else if (a === '--out') opt.out = val();
    else if (a === '--seed') opt.seed = Number(val());
    else if (a === '--verify') opt.verify = true;
    else if (a === '--help' || a === '-h') opt.help = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (opt.help || (opt.size === undefined && opt.instances === undefined)) {
    console.log('usage: node bench/generate.mjs (--size 1MB|10MB|100MB | --instances N) [--out FILE] [--seed N] [--verify]');
    return opt.help ? 0 : 2;
  }
  if (opt.instances !== undefined && !(opt.instances > 0)) throw new Error('--instances needs a positive number');
  const here = dirname(fileURLToPath(import.meta.url));
  const label = opt.size ?? `${opt.instances}-instances`;
  const out = resolve(opt.out ?? join(here, 'out', `state-${label}.tfstate`));
  const cells = cellsFor({ bytes: opt.size ? parseSize(opt.size) : undefined, instances: opt.instances, seed: opt.seed });
  const started = process.hrtime.bigint();
  const r = generate({ cells, seed: opt.seed, out });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(`${out}: ${(r.bytes / 1e6).toFixed(1)} MB, ${r.resources} resources, ${r.instances} resource instances, ${r.objects} objects (incl. deposed), ${cells} service cells, ${(ms / 1000).toFixed(1)} s`);
  if (opt.verify) {
    const v = verify(out);
    console.log(`terraform: state list printed ${v.listed} instances; rewrite ${v.byteIdentical ? 'byte-identical' : 'DIFFERS'}`);
    if (!v.byteIdentical || v.listed !== r.instances) return 1;
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    console.error(`generate: ${e.message}`);
    process.exitCode = 2;
  }
}
