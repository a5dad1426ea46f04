/**
 * Command-line arguments of `tfstate-tui`: the CLI's location options.
 */
import { parseArgs } from 'node:util';

/** Parsed arguments. */
export interface TuiArgs {
  readonly state?: string;
  readonly env?: string;
  readonly workspace?: string;
  readonly configFile?: string;
  readonly help: boolean;
  readonly version: boolean;
}

/** Usage text. */
export const USAGE = `Usage: tfstate-tui [--state PATH|s3://BUCKET/KEY] [--env NAME] [--workspace NAME] [--config-file PATH]

Opens the interactive terminal app on a Terraform state. Without --state or
--env it finds the state the way Terraform would (.terraform/terraform.tfstate,
TF_WORKSPACE, then ./terraform.tfstate). Press ? inside for every key.

For scripts and pipelines use the CLI instead: tfstate --help
`;

/** Parses argv (without node and the script); returns an error message for bad input. */
export function parseTuiArgs(argv: readonly string[]): { ok: true; args: TuiArgs } | { ok: false; message: string } {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: {
        state: { type: 'string' },
        env: { type: 'string' },
        workspace: { type: 'string' },
        'config-file': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length > 0) return { ok: false, message: `tfstate-tui takes no arguments besides options (got ${JSON.stringify(positionals[0])}).` };
    if (values.state !== undefined && values.env !== undefined) return { ok: false, message: 'Give either --state or --env, not both.' };
    return {
      ok: true,
      args: {
        ...(values.state !== undefined ? { state: values.state } : {}),
        ...(values.env !== undefined ? { env: values.env } : {}),
        ...(values.workspace !== undefined ? { workspace: values.workspace } : {}),
        ...(values['config-file'] !== undefined ? { configFile: values['config-file'] } : {}),
        help: values.help === true,
        version: values.version === true,
      },
    };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
}

/** The message printed when there is no terminal to draw on. */
export const NO_TTY_MESSAGE = `tfstate-tui needs an interactive terminal (stdin and stdout must be a TTY).
For scripts, pipes and CI use the CLI, which has the same location options:
  tfstate envs
  tfstate list --env NAME
  tfstate show ADDRESS --env NAME
  tfstate --help
`;
