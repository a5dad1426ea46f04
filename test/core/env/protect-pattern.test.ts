import { describe, expect, it } from 'vitest';
import { containersOf, findProtected, globCanExtend, globMatch, isAllowed, patternProtects } from '../../../src/core/env/protect-pattern.js';

describe('containersOf', () => {
  it.each([
    ['aws_instance.web', ['aws_instance.web', 'aws_instance']],
    ['aws_instance.web[0]', ['aws_instance.web[0]', 'aws_instance.web', 'aws_instance']],
    [
      'module.db["a.b[c]"].aws_db_instance.main',
      ['module.db["a.b[c]"].aws_db_instance.main', 'module.db["a.b[c]"].aws_db_instance', 'module.db["a.b[c]"]', 'module.db', 'module'],
    ],
    ['aws_x.y["q\\"[.]"]', ['aws_x.y["q\\"[.]"]', 'aws_x.y', 'aws_x']],
  ])('lists %s and the prefixes ending before . or [ outside quoted keys', (address, want) => {
    expect(containersOf(address)).toEqual(want);
  });
});

describe('globMatch and globCanExtend', () => {
  it.each([
    ['module.database.*', 'module.database.aws_db_instance.main', true],
    ['module.database.*', 'module.database', false],
    ['aws_db_instance.*', 'aws_db_instance.main[0]', true],
    ['*.aws_db_instance.main', 'module.a.module.b.aws_db_instance.main', true],
    ['module.db*', 'module.db', true],
    ['a*b*c', 'aXbYbZc', true],
    ['a*b*c', 'aXbYbZ', false],
    ['**', '', true],
  ])('globMatch(%j, %j) is %s', (pattern, text, want) => {
    expect(globMatch(pattern, text)).toBe(want);
  });

  it.each([
    ['module.database.*', 'module.database.', true],
    ['module.database.aws_db_instance.main', 'module.database[', false],
    ['module.*.aws_db_instance.main', 'module.app.', true],
    ['aws_db_instance.main', 'module.app.', false],
  ])('globCanExtend(%j, %j) is %s', (pattern, prefix, want) => {
    expect(globCanExtend(pattern, prefix)).toBe(want);
  });
});

describe('patternProtects', () => {
  it.each([
    // exact patterns cover the address and everything inside it
    ['module.database', 'module.database.aws_db_instance.main', true],
    ['module.database', 'module.database["blue"].aws_db_instance.main[0]', true],
    ['module.database', 'module.databases.aws_db_instance.main', false],
    ['aws_db_instance.main', 'aws_db_instance.main[0]', true],
    ['aws_db_instance.main', 'aws_db_instance.main', true],
    ['aws_db_instance.main', 'aws_db_instance.mainline', false],
    ['aws_db_instance.main', 'module.x.aws_db_instance.main', false],
    ['aws_db_instance.main[0]', 'aws_db_instance.main[1]', false],
    // wildcards
    ['aws_db_instance.*', 'aws_db_instance.main["a"]', true],
    ['aws_db_instance.*', 'module.x.aws_db_instance.main', false],
    ['*.aws_db_instance.main', 'module.x.aws_db_instance.main[0]', true],
    ['module.database.*', 'module.database', true],
    // a touched container covers what could be inside it
    ['aws_db_instance.main[0]', 'aws_db_instance.main', true],
    ['module.database.aws_db_instance.main', 'module.database', true],
    ['module.database.aws_db_instance.main', 'module.app', false],
  ])('pattern %j protects %j: %s', (pattern, address, want) => {
    expect(patternProtects(pattern, address)).toBe(want);
  });
});

describe('findProtected', () => {
  it('pairs each protected touched address with the first pattern that covers it, once', () => {
    expect(
      findProtected(
        ['module.database.*', 'aws_db_instance.*'],
        ['aws_instance.web[0]', 'module.database.aws_db_instance.main', 'aws_db_instance.legacy', 'module.database.aws_db_instance.main'],
      ),
    ).toEqual([
      { address: 'module.database.aws_db_instance.main', pattern: 'module.database.*' },
      { address: 'aws_db_instance.legacy', pattern: 'aws_db_instance.*' },
    ]);
  });

  it('finds nothing without patterns', () => {
    expect(findProtected([], ['aws_db_instance.main'])).toEqual([]);
  });
});

describe('isAllowed', () => {
  const match = { address: 'module.database.aws_db_instance.main[0]', pattern: 'module.database.*' };
  it.each([
    [['module.database.aws_db_instance.main[0]'], true],
    [['module.database.*'], true],
    [['module.database'], true],
    [['module.database.aws_db_instance.main'], true],
    [['module.database.aws_db_instance.main[1]'], false],
    [['aws_db_instance.*'], false],
    [[], false],
  ])('--allow-protected %j allows it: %s', (allow, want) => {
    expect(isAllowed(match, allow)).toBe(want);
  });
});
