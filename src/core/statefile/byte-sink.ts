/**
 * The writer's output buffer: a sequence of source-byte runs and text,
 * handed out as a rope (views of the source runs, nothing copied) or
 * joined into one array.
 *
 * Most of an edited state is copied from the original bytes, and most of the
 * text the writer generates between copied values (commas, indentation,
 * keys) is byte-for-byte what the original file has there. The sink notices
 * that: text that continues the current source run with the same (ASCII)
 * bytes extends the run instead of starting a new chunk, and source spans
 * that directly follow the run extend it too. An edit of one resource in a
 * 100 MB state so becomes a handful of large copies rather than tens of
 * thousands of small ones. The output is the same either way.
 */

import { ByteRope } from './byte-rope.js';

const encoder = new TextEncoder();

/** Collects output; `finishRope` (or `finish`) returns it. Use once. */
export class ByteSink {
  private readonly parts: Uint8Array[] = [];
  /** The open run of source bytes [runStart, runEnd) of runSrc, if any. */
  private runSrc: Uint8Array | null = null;
  private runStart = 0;
  private runEnd = 0;
  /** Text not yet encoded (follows any flushed run). */
  private text = '';

  /** Appends bytes [start, end) of `src` (a view is kept; nothing is copied until `finish`). */
  bytes(src: Uint8Array, start: number, end: number): void {
    if (end <= start) return;
    if (this.text !== '') this.flushText();
    if (this.runSrc === src && this.runEnd === start) {
      this.runEnd = end;
      return;
    }
    this.flushRun();
    this.runSrc = src;
    this.runStart = start;
    this.runEnd = end;
  }

  /** Appends all of `view`. */
  view(view: Uint8Array): void {
    this.bytes(view, 0, view.length);
  }

  /** Appends `s` (encoded as UTF-8). */
  str(s: string): void {
    if (s === '') return;
    const src = this.runSrc;
    if (src !== null) {
      if (continues(src, this.runEnd, s)) {
        this.runEnd += s.length;
        return;
      }
      this.flushRun();
    }
    this.text += s;
  }

  /** The output as a rope: views of the source runs and the encoded text, in order. */
  finishRope(): ByteRope {
    this.flushRun();
    this.flushText();
    return new ByteRope(this.parts);
  }

  private flushRun(): void {
    const src = this.runSrc;
    if (src === null) return;
    const part = this.runStart === 0 && this.runEnd === src.length ? src : src.subarray(this.runStart, this.runEnd);
    this.parts.push(part);
    this.runSrc = null;
  }

  private flushText(): void {
    if (this.text === '') return;
    const part = encoder.encode(this.text);
    this.parts.push(part);
    this.text = '';
  }
}

/** True when `s` is ASCII and `src` holds exactly its bytes from `at`. */
function continues(src: Uint8Array, at: number, s: string): boolean {
  if (at + s.length > src.length) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80 || src[at + i] !== c) return false;
  }
  return true;
}
