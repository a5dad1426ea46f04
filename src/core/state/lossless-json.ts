/**
 * A lossless JSON tree for *displaying* raw values: numbers keep their
 * spelling, object keys keep their order, and sensitive values can be masked
 * by path before printing. Never used to write state.
 */

/** A JSON node. Numbers are kept as source text. */
export type JNode =
  | { readonly t: 'null' }
  | { readonly t: 'bool'; readonly v: boolean }
  | { readonly t: 'num'; readonly raw: string }
  | { readonly t: 'str'; readonly v: string }
  | { readonly t: 'arr'; readonly items: JNode[] }
  | { readonly t: 'obj'; readonly entries: Array<[string, JNode]> }
  | { readonly t: 'masked'; readonly label: string };

/**
 * How deep the tree goes. Deeper arrays and objects (valid JSON, and kept
 * byte for byte in the state) become one `masked` node labelled
 * `TOO_DEEP_LABEL`, so showing, diffing and searching values never exhaust
 * the stack; `tfstate pull` still prints them.
 */
export const MAX_DISPLAY_DEPTH = 256;

/** The label of a value nested deeper than `MAX_DISPLAY_DEPTH`. */
export const TOO_DEEP_LABEL = `(nested deeper than ${MAX_DISPLAY_DEPTH} levels; see tfstate pull)`;

/** Parses JSON text (which must be valid) into a lossless tree, at most `MAX_DISPLAY_DEPTH` levels deep. */
export function parseLossless(text: string): JNode {
  let i = 0;
  let depth = 0;
  /** Skips the array or object at `i` without recursion. */
  const skipNested = (): void => {
    let open = 0;
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        i++;
        while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      } else if (c === '{' || c === '[') open++;
      else if (c === '}' || c === ']') {
        if (--open === 0) {
          i++;
          return;
        }
      }
      i++;
    }
  };
  const ws = (): void => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else return;
    }
  };
  const str = (): string => {
    const start = i;
    let escaped = false;
    i++;
    for (;;) {
      const q = text.indexOf('"', i);
      const bs = text.indexOf('\\', i);
      if (bs !== -1 && bs < q) {
        escaped = true;
        i = bs + 2;
        continue;
      }
      i = q + 1;
      break;
    }
    return escaped ? (JSON.parse(text.slice(start, i)) as string) : text.slice(start + 1, i - 1);
  };
  const value = (): JNode => {
    ws();
    const c = text[i];
    if ((c === '{' || c === '[') && depth >= MAX_DISPLAY_DEPTH) {
      skipNested();
      return { t: 'masked', label: TOO_DEEP_LABEL };
    }
    if (c === '{' || c === '[') {
      depth++;
      const n = nested(c);
      depth--;
      return n;
    }
    if (c === '"') return { t: 'str', v: str() };
    const startTok = i;
    for (;;) {
      const d = text.charCodeAt(i);
      if ((d >= 48 && d <= 57) || (d >= 97 && d <= 122) || d === 46 || d === 43 || d === 45 || d === 69) i++;
      else break;
    }
    const tok = text.slice(startTok, i) || 'null';
    if (tok === 'true' || tok === 'false') return { t: 'bool', v: tok === 'true' };
    if (tok === 'null') return { t: 'null' };
    return { t: 'num', raw: tok };
  };
  const nested = (c: string): JNode => {
    if (c === '{') {
      i++;
      const entries: Array<[string, JNode]> = [];
      ws();
      if (text[i] === '}') {
        i++;
        return { t: 'obj', entries };
      }
      for (;;) {
        ws();
        const k = str();
        ws();
        i++; // ':'
        entries.push([k, value()]);
        ws();
        if (text[i++] === '}') return { t: 'obj', entries };
      }
    }
    i++;
    const items: JNode[] = [];
    ws();
    if (text[i] === ']') {
      i++;
      return { t: 'arr', items };
    }
    for (;;) {
      items.push(value());
      ws();
      if (text[i++] === ']') return { t: 'arr', items };
    }
  };
  return value();
}

/** A path into a value: object keys and array/map indexes. */
export type JPath = readonly (string | number)[];

/**
 * Decodes Terraform's `sensitive_attributes` (cty paths: `get_attr` and
 * `index` steps) into JPaths. Unknown step shapes end the path there (the
 * whole subtree is then masked, erring on the side of hiding).
 */
export function sensitivePathsFrom(node: JNode | null): JPath[] {
  if (!node || node.t !== 'arr') return [];
  const out: JPath[] = [];
  for (const p of node.items) {
    if (p.t !== 'arr') continue;
    const path: (string | number)[] = [];
    for (const step of p.items) {
      if (step.t !== 'obj') break;
      const type = step.entries.find(([k]) => k === 'type')?.[1];
      const value = step.entries.find(([k]) => k === 'value')?.[1];
      if (type?.t !== 'str' || !value) break;
      if (type.v === 'get_attr' && value.t === 'str') path.push(value.v);
      else if (type.v === 'index' && value.t === 'obj') {
        const inner = value.entries.find(([k]) => k === 'value')?.[1];
        if (inner?.t === 'str') path.push(inner.v);
        else if (inner?.t === 'num') path.push(Number(inner.raw));
        else break;
      } else break;
    }
    out.push(path);
  }
  return out;
}

/** Returns a copy of `node` with the values at `paths` replaced by a mask. */
export function maskPaths(node: JNode, paths: readonly JPath[], label = '(sensitive)'): JNode {
  let out = node;
  for (const p of paths) out = maskOne(out, p, 0, label);
  return out;
}

function maskOne(node: JNode, path: JPath, i: number, label: string): JNode {
  if (i === path.length) return { t: 'masked', label };
  const step = path[i];
  if (node.t === 'obj' && typeof step === 'string') {
    return { t: 'obj', entries: node.entries.map(([k, v]) => [k, k === step ? maskOne(v, path, i + 1, label) : v]) };
  }
  if (node.t === 'arr' && typeof step === 'number') {
    return { t: 'arr', items: node.items.map((v, j) => (j === step ? maskOne(v, path, i + 1, label) : v)) };
  }
  if (node.t === 'obj' && typeof step === 'number') {
    return { t: 'obj', entries: node.entries.map(([k, v]) => [k, k === String(step) ? maskOne(v, path, i + 1, label) : v]) };
  }
  return node;
}

/** Pretty-prints a tree as JSON (2-space indent), masks as bare labels. */
export function printJson(node: JNode, indent = 0): string {
  const pad = '  '.repeat(indent);
  switch (node.t) {
    case 'null':
      return 'null';
    case 'bool':
      return String(node.v);
    case 'num':
      return node.raw;
    case 'str':
      return JSON.stringify(node.v);
    case 'masked':
      return node.label;
    case 'arr':
      if (node.items.length === 0) return '[]';
      return '[\n' + node.items.map((v) => pad + '  ' + printJson(v, indent + 1)).join(',\n') + '\n' + pad + ']';
    case 'obj':
      if (node.entries.length === 0) return '{}';
      return '{\n' + node.entries.map(([k, v]) => pad + '  ' + JSON.stringify(k) + ': ' + printJson(v, indent + 1)).join(',\n') + '\n' + pad + '}';
  }
}
