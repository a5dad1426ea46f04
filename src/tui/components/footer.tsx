/**
 * The footer: the current context's key hints, generated from the keymap
 * table (the same table the help screen shows).
 */
import React from 'react';
import { Text } from 'ink';
import { hintLine, hintsFor } from '../keymap/hints.js';
import type { KeyContext } from '../keymap/table.js';

/** Props: the key context and the usable width. */
export interface FooterProps {
  readonly context: KeyContext;
  readonly width: number;
}

/** One row of `key label` hints. */
export function Footer({ context, width }: FooterProps): React.JSX.Element {
  return (
    <Text wrap="truncate-end" dimColor>
      {hintLine(hintsFor(context), width)}
    </Text>
  );
}
