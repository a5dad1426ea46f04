/** The tool's version, recorded in LockInfo and shown by --version. */
export const VERSION = '0.1.0';
