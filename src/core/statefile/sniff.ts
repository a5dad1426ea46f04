/**
 * Version sniffing: decides what kind of file a byte string is before any
 * real decoding, the way Terraform's statefile.Read does: empty, legacy
 * binary, OpenTofu-encrypted, or a JSON state of some format version.
 */
import { error, type Diagnostic } from '../diag/index.js';

/** What a file looks like. */
export type Sniffed =
  | { readonly kind: 'empty' }
  | { readonly kind: 'binary' }
  | { readonly kind: 'json' };

const MAGIC = [0x74, 0x66, 0x73, 0x74, 0x61, 0x74, 0x65]; // "tfstate"

/** Classifies bytes without parsing them. */
export function sniff(bytes: Uint8Array): Sniffed {
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  if (i === bytes.length) return { kind: 'empty' };
  if (bytes.length >= MAGIC.length && MAGIC.every((m, k) => bytes[k] === m)) return { kind: 'binary' };
  return { kind: 'json' };
}

/** The diagnostic for a zero-byte (or whitespace-only) file: Terraform's "no state". */
export function noStateDiagnostic(location: string): Diagnostic {
  return error(
    'state.empty',
    'No state',
    `${location} is empty, which Terraform treats as "no state": there is nothing to read or edit. If you expected resources here, check that you are pointing at the right file or environment, or restore a backup.`,
  );
}

/** The diagnostic for the pre-0.7 binary format. */
export function binaryStateDiagnostic(location: string): Diagnostic {
  return error(
    'state.legacy-binary',
    'Unsupported legacy state format',
    `${location} is in the legacy binary state format, which has not been supported since Terraform v0.7. Upgrade it with Terraform 0.7-0.11 first, or restore a newer backup.`,
  );
}

/** The diagnostic for an OpenTofu client-side-encrypted state envelope. */
export function encryptedStateDiagnostic(location: string): Diagnostic {
  return error(
    'state.encrypted',
    'State file is encrypted',
    `${location} is an OpenTofu encrypted state: it can not be read without an encryption configuration. Decrypt it with OpenTofu using the project's key configuration (for example \`tofu state pull\` with the encryption block configured and a fallback that writes unencrypted state), then run tfstate on the decrypted copy.`,
  );
}

/** The diagnostic for a format version newer than 4. */
export function futureVersionDiagnostic(location: string, version: number, terraformVersion: string | null): Diagnostic {
  const who = terraformVersion ? ` It was written by Terraform ${terraformVersion}.` : '';
  return error(
    'state.unsupported-version',
    'Unsupported state file format',
    `${location} uses state format version ${version}, but tfstate supports versions 1 to 4.${who} Use a tool that understands that format; tfstate refuses rather than risk rewriting it.`,
  );
}
