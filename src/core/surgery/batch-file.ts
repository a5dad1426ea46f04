/**
 * Batch files: one operation per line, `#` comments, shell-style quoting
 * (so addresses with spaces or quotes in keys can be written as in a shell).
 */
import { error, fail, ok, type Diagnostic, type Result } from '../diag/index.js';
import { operationFromWords, type Operation } from './operation.js';

/** A parsed batch: the operations and their 1-based line numbers. */
export interface Batch {
  readonly operations: readonly Operation[];
  readonly lines: readonly number[];
}

/**
 * Splits one line into words with POSIX shell quoting rules ('…', "…",
 * backslash escapes outside single quotes); `#` at a word start begins a
 * comment. Returns null for an unterminated quote.
 */
export function shellWords(line: string): string[] | null {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return null;
      cur += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      for (;;) {
        if (i >= line.length) return null;
        const d = line[i];
        if (d === '"') break;
        if (d === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) {
          cur += line[i + 1];
          i += 2;
        } else {
          cur += d;
          i++;
        }
      }
      inWord = true;
      i++;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[i + 1];
      inWord = true;
      i += 2;
    } else if (c === ' ' || c === '\t') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
      i++;
    } else if (c === '#' && !inWord) {
      break;
    } else {
      cur += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

/** Parses a batch file's text; reports every bad line, not only the first. */
export function parseBatch(text: string, where: string): Result<Batch> {
  const operations: Operation[] = [];
  const lines: number[] = [];
  const diags: Diagnostic[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const words = shellWords(raw);
    const at = `${where}:${i + 1}`;
    if (words === null) {
      diags.push(error('batch.quote', 'Unterminated quote', `${at}: the line has an opening quote without a closing one.`));
      return;
    }
    if (words.length === 0) return;
    const op = operationFromWords(words, at);
    if (!op.ok) diags.push(...op.diags);
    else {
      operations.push(op.value);
      lines.push(i + 1);
    }
  });
  if (diags.length > 0) return fail(diags);
  if (operations.length === 0) return fail(error('batch.empty', 'Empty batch', `${where} contains no operations (only blank lines or comments).`));
  return ok({ operations, lines });
}
