/**
 * Quoting command arguments in remedies, so a suggested command can be
 * pasted into a POSIX shell as is.
 */

/** `s` as one POSIX shell word: unchanged when it has only safe characters, else single-quoted. */
export function shellArg(s: string): string {
  return /^[A-Za-z0-9_.\/:@=+,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A `tfstate` command line with each argument quoted as needed. */
export function tfstateCommand(...args: readonly string[]): string {
  return ['tfstate', ...args.map(shellArg)].join(' ');
}
