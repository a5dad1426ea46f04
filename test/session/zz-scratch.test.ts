import { it } from 'vitest';
it('scratch', async () => {
const { startS3Server } = await import('../support/s3-server.js');
const { execFile } = await import("node:child_process"); const { promisify } = await import("node:util"); const ex = promisify(execFile);
const { mkdtempSync, writeFileSync, readFileSync } = await import("node:fs");
const s = await startS3Server();
await s.createBucket('tfb');
const d = mkdtempSync('/tmp/envhelper/s3-');
writeFileSync(d + '/main.tf', `terraform {
  backend "s3" {
    bucket = "tfb"
    key    = "prod/terraform.tfstate"
    region = "eu-west-1"
    use_lockfile = true
    use_path_style = true
    endpoints = { s3 = "${s.endpoint}" }
    skip_credentials_validation = true
    skip_requesting_account_id = true
    skip_metadata_api_check = true
    skip_region_validation = true
    skip_s3_checksum = true
    access_key = "x"
    secret_key = "y"
  }
}
`);
const env = { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' };
try { const r = await ex('terraform', ['init', '-input=false', '-no-color'], { cwd: d, env }); console.log(r.stdout); } catch (e: any) { console.log(e.stdout?.toString(), e.stderr?.toString()); }
console.log(readFileSync(d + '/.terraform/terraform.tfstate', 'utf8'));
await s.stop();
}, 120000);
