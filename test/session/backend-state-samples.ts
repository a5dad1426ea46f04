/**
 * `.terraform/terraform.tfstate` files exactly as Terraform 1.11.4 writes
 * them (terraform-state.md §10.3): pretty-printed, no trailing newline,
 * every schema attribute present with null for unset ones. Captured from
 * `terraform init` runs; only the values differ between samples.
 */

/** `backend "local" { path = ..., workspace_dir = ... }`. */
export function localBackendState(path: string | null, workspaceDir: string | null = null): string {
  return `{
  "version": 3,
  "terraform_version": "1.11.4",
  "backend": {
    "type": "local",
    "config": {
      "path": ${JSON.stringify(path)},
      "workspace_dir": ${JSON.stringify(workspaceDir)}
    },
    "hash": 3766115897
  }
}`;
}

/** The S3 block's attributes Terraform 1.11.4 saves, all null (a sample sets the ones it needs). */
const S3_NULLS: Record<string, unknown> = {
  access_key: null,
  acl: null,
  allowed_account_ids: null,
  assume_role: null,
  assume_role_with_web_identity: null,
  bucket: null,
  custom_ca_bundle: null,
  dynamodb_endpoint: null,
  dynamodb_table: null,
  ec2_metadata_service_endpoint: null,
  ec2_metadata_service_endpoint_mode: null,
  encrypt: null,
  endpoint: null,
  endpoints: null,
  forbidden_account_ids: null,
  force_path_style: null,
  http_proxy: null,
  https_proxy: null,
  iam_endpoint: null,
  insecure: null,
  key: null,
  kms_key_id: null,
  max_retries: null,
  no_proxy: null,
  profile: null,
  region: null,
  retry_mode: null,
  secret_key: null,
  shared_config_files: null,
  shared_credentials_file: null,
  shared_credentials_files: null,
  skip_credentials_validation: null,
  skip_metadata_api_check: null,
  skip_region_validation: null,
  skip_requesting_account_id: null,
  skip_s3_checksum: null,
  sse_customer_key: null,
  sts_endpoint: null,
  sts_region: null,
  token: null,
  use_dualstack_endpoint: null,
  use_fips_endpoint: null,
  use_lockfile: null,
  use_path_style: null,
  workspace_key_prefix: null,
};

/** `backend "s3" {...}` with the given attributes (Terraform's names). */
export function s3BackendState(attrs: Record<string, unknown>): string {
  const config = { ...S3_NULLS, ...attrs };
  const sorted = Object.fromEntries(Object.keys(config).sort().map((k) => [k, config[k]]));
  return JSON.stringify({ version: 3, terraform_version: '1.11.4', backend: { type: 's3', config: sorted, hash: 3208380587 } }, null, 2);
}

/** The endpoints object as Terraform saves it. */
export function endpoints(s3: string | null, dynamodb: string | null = null): Record<string, string | null> {
  return { dynamodb, iam: null, s3, sso: null, sts: null };
}
