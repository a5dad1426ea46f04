/**
 * A single-line text field drawn with its cursor (inverse video).
 */
import React from 'react';
import { Text } from 'ink';
import type { TextInput } from '../model/text-input.js';

/** Props: the field, whether it has focus (shows the cursor), and an optional prefix. */
export interface TextFieldProps {
  readonly input: TextInput;
  readonly focused: boolean;
  readonly prefix?: string;
}

/** Draws `prefix value` with the cursor cell inverted when focused. */
export function TextField({ input, focused, prefix = '' }: TextFieldProps): React.JSX.Element {
  const before = input.value.slice(0, input.cursor);
  const at = input.value.slice(input.cursor, input.cursor + 1);
  const after = input.value.slice(input.cursor + 1);
  return (
    <Text wrap="truncate-start">
      {prefix}
      {before}
      {focused ? <Text inverse>{at === '' ? ' ' : at}</Text> : at}
      {after}
    </Text>
  );
}
