/**
 * What the audit needs from Terraform configuration: the blocks that put
 * resources in state or account for their absence (`resource`, `data`,
 * `module`, `moved`, `removed`, `import`), the named values expressions flow
 * through (`locals`, `output`, `variable`), and every reference with its
 * file and line. Values are immutable.
 */
import type { Diagnostic } from '../diag/diagnostic.js';

/** Where something is written: a file path relative to the configuration root, and a 1-based line. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
}

/**
 * A reference found in an expression, reduced to the object it names:
 * `aws_vpc.main`, `data.aws_ami.x`, `module.net.subnet_ids` (or `module.net`
 * when no output is named), `local.name`, `var.name`, `ephemeral.t.n`.
 * Iteration symbols (`count`, `each`, `self`, `path`, `terraform`, `for`
 * and `dynamic` iterator names) are not references.
 */
export interface ConfigReference {
  readonly subject: string;
  readonly location: SourceLocation;
}

/** A `resource` or `data` block. */
export interface ConfigResource {
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly location: SourceLocation;
  /** The block sets `count`. */
  readonly count: boolean;
  /** The block sets `for_each`. */
  readonly forEach: boolean;
  /** References in every expression of the block (nested blocks included, `lifecycle.ignore_changes` excluded). */
  readonly references: readonly ConfigReference[];
}

/** One argument of a `module` block (an input variable of the child). */
export interface ModuleArgument {
  readonly name: string;
  readonly references: readonly ConfigReference[];
}

/** A `module` block. */
export interface ModuleCall {
  readonly name: string;
  /** The `source` string, or null when missing or not a literal. */
  readonly source: string | null;
  readonly version: string | null;
  readonly location: SourceLocation;
  readonly count: boolean;
  readonly forEach: boolean;
  /** Input arguments (everything but the meta-arguments). */
  readonly arguments: readonly ModuleArgument[];
  /** References of `count`, `for_each`, `depends_on` and `providers`. */
  readonly metaReferences: readonly ConfigReference[];
}

/** An address written in a `moved`/`removed`/`import` block, relative to the block's module. */
export interface BlockAddress {
  /** Static address text: literal index keys kept, a computed key (`[each.key]`) dropped. */
  readonly text: string;
  /** True when a computed index key was dropped from `text`. */
  readonly computedKey: boolean;
}

/** A `moved` block. */
export interface MovedBlock {
  readonly from: BlockAddress;
  readonly to: BlockAddress;
  readonly location: SourceLocation;
}

/** A `removed` block. `destroy` is `lifecycle { destroy }`, true when absent. */
export interface RemovedBlock {
  readonly from: BlockAddress;
  readonly destroy: boolean;
  readonly location: SourceLocation;
}

/** An `import` block. `id` is the literal ID, or null when computed. */
export interface ImportBlock {
  readonly to: BlockAddress;
  readonly id: string | null;
  readonly forEach: boolean;
  readonly location: SourceLocation;
}

/** A named value: one `locals` entry, an `output` or a `variable`. */
export interface NamedValue {
  readonly name: string;
  readonly location: SourceLocation;
  readonly references: readonly ConfigReference[];
}

/** The blocks of one module (one directory's `.tf` files, merged). */
export interface ConfigModule {
  readonly resources: readonly ConfigResource[];
  readonly moduleCalls: readonly ModuleCall[];
  readonly moved: readonly MovedBlock[];
  readonly removed: readonly RemovedBlock[];
  readonly imports: readonly ImportBlock[];
  readonly locals: readonly NamedValue[];
  readonly outputs: readonly NamedValue[];
  readonly variables: readonly NamedValue[];
  /** Syntax errors, duplicate declarations, unreadable blocks. */
  readonly diagnostics: readonly Diagnostic[];
}

/** A file handed to the reader: its path relative to the configuration root, and its text. */
export interface ConfigSourceFile {
  readonly path: string;
  readonly text: string;
}

/** What a `module` block leads to. */
export type ModuleChild =
  | { readonly kind: 'local'; readonly call: ModuleCall; readonly node: ModuleNode }
  | { readonly kind: 'remote'; readonly call: ModuleCall }
  | { readonly kind: 'unloaded'; readonly call: ModuleCall; readonly reason: string };

/** A module of the configuration tree, reached through local module sources. */
export interface ModuleNode {
  /** Directory relative to the configuration root (`.` for the root module). */
  readonly dir: string;
  /** Module call names from the root (empty for the root module). */
  readonly path: readonly string[];
  readonly module: ConfigModule;
  /** Children by call name. */
  readonly children: ReadonlyMap<string, ModuleChild>;
}

/** The configuration tree: the root module and everything reachable through local sources. */
export interface ConfigTree {
  readonly root: ModuleNode;
  /** Diagnostics of every module, in tree order (each module's, then its children's). */
  readonly diagnostics: readonly Diagnostic[];
}
