/**
 * Terraform addresses: what they are, how they are written, how they sort
 * and how they match.
 *
 * Vocabulary (Terraform's own names):
 * - **InstanceKey**: no key, an int (`count`) or a string (`for_each`).
 *   `[0]` and `["0"]` are different keys.
 * - **ModuleInstance**: a path of `module.NAME[KEY]` steps; the root module
 *   is the empty path. A *config* module path is one whose keys are all absent.
 * - **Resource** (`aws_instance.web`, `data.aws_ami.x`) is local to a module;
 *   **AbsResource** adds the module path; **AbsResourceInstance** adds the key.
 * - **Target**: what a CLI address argument denotes — a module instance, a
 *   whole resource (no key written) or one instance.
 * - **AbsProviderConfig** / **ProviderSource**: the `provider` field of a
 *   state resource and the `hostname/namespace/type` it names.
 *
 * Every address has two forms: the in-memory structure (types.ts) and the
 * string Terraform prints, based on HCL traversal syntax. `format*` produces
 * the string and `parse*` reads it back (`parse(format(x))` equals `x`). The
 * string is also the address's unique key: JavaScript has no value equality,
 * so use it for `Map`/`Set` membership, never object identity.
 *
 * Address values are immutable. Nothing here changes an address in place;
 * an implementation that does is a bug. Nothing here throws for bad input:
 * parsers return `Result`s with `addr.*` diagnostics.
 */

export * from './types.js';
export * from './addr-diag.js';
export * from './printable.js';
export * from './hcl-string.js';
export * from './go-quote.js';
export * from './traversal.js';
export * from './parse.js';
export * from './format.js';
export * from './order.js';
export * from './match.js';
export * from './provider-source.js';
export * from './provider.js';
