import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from '../../../src/core/env/did-you-mean.js';

describe('didYouMean', () => {
  const keys = ['state', 'region', 'dynamodbTable', 'useLockfile', 'protected', 'protect', 'workspaceKeyPrefix'];
  it.each([
    ['protectd', 'protected'],
    ['regoin', 'region'],
    ['dynamodb_table', 'dynamodbTable'],
    ['use_lockfile', 'useLockfile'],
    ['WorkspaceKeyPrefix', 'workspaceKeyPrefix'],
    ['stat', 'state'],
    ['colour', null],
    ['x', null],
  ])('suggests for %j: %j', (given, want) => {
    expect(didYouMean(given, keys)).toBe(want);
  });

  it('measures edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});
