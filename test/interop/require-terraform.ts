/**
 * Vitest global setup for the interop suite (`vitest.interop.config.ts`).
 *
 * The interop tests use a real Terraform binary as the oracle for byte-level
 * and behavioural compatibility. This setup fails the whole run up front, with
 * one clear message, when `terraform` cannot be started from `PATH`, instead of
 * letting every test fail with a spawn error.
 */
import { spawnSync } from 'node:child_process';

/** Message thrown when `terraform` is not on `PATH`. */
export const TERRAFORM_MISSING_MESSAGE =
  'terraform not found on PATH: the interop tests need Terraform 1.11 as the oracle';

/**
 * Checks that `terraform version` can be run.
 *
 * @throws Error with {@link TERRAFORM_MISSING_MESSAGE} when the binary cannot be
 *   spawned (not installed, or not on `PATH`). Any other outcome, including a
 *   non-zero exit, is left to the tests to report.
 */
export default function requireTerraform(): void {
  const result = spawnSync('terraform', ['version'], {
    stdio: 'ignore',
    env: { ...process.env, TF_CLI_CONFIG_FILE: process.env.TF_CLI_CONFIG_FILE ?? '/dev/null' },
  });
  if (result.error !== undefined) {
    throw new Error(TERRAFORM_MISSING_MESSAGE);
  }
}
