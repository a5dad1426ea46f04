import { describe, expect, it } from 'vitest';
import { goQuote, hclQuote, isPrintable, readHclStringLiteral } from '../../../src/core/addr/index.js';

describe('hclQuote', () => {
  it.each([
    ['', '""'],
    ['plain', '"plain"'],
    ['a"b', '"a\\"b"'],
    ['back\\slash', '"back\\\\slash"'],
    ['line\nbreak', '"line\\nbreak"'],
    ['cr\r\nlf', '"cr\\r\\nlf"'],
    ['tab\there', '"tab\\there"'],
    ['${x}', '"$${x}"'],
    ['%{y}', '"%%{y}"'],
    ['$${x}', '"$$${x}"'],
    ['$ and % alone', '"$ and % alone"'],
    ['50%', '"50%"'],
    ['trailing$', '"trailing$"'],
    ['café', '"café"'],
    ['日本語', '"日本語"'],
    ['😀', '"😀"'],
    ['\u00a0nbsp', '"\\u00a0nbsp"'],
    ['zero\u200bwidth', '"zero\\u200bwidth"'],
    ['\u0001ctl', '"\\u0001ctl"'],
    ['del\u007f', '"del\\u007f"'],
    ['\u2028', '"\\u2028"'],
    ['\u{e0001}tag', '"\\U000e0001tag"'],
    ['\u{10ffff}', '"\\U0010ffff"'],
  ])('quotes %j as %s', (input, want) => {
    expect(hclQuote(input)).toBe(want);
  });

  it('prints a lone surrogate as U+FFFD, as Go would hold it', () => {
    expect(hclQuote('a\ud800b')).toBe('"a\ufffdb"');
  });
});

describe('isPrintable', () => {
  it.each([
    [0x20, true],
    [0x41, true],
    [0x7e, true],
    [0x7f, false],
    [0x85, false],
    [0xa0, false],
    [0xe9, true],
    [0x200b, false],
    [0x1f600, true],
    [0xd800, false],
  ])('U+%s → %s', (cp, want) => {
    expect(isPrintable(cp)).toBe(want);
  });
});

describe('readHclStringLiteral', () => {
  const read = (src: string) => readHclStringLiteral(src, 0, src);

  it.each([
    ['"plain"', 'plain'],
    ['""', ''],
    ['"a\\"b"', 'a"b'],
    ['"a\\\\b"', 'a\\b'],
    ['"l\\nb\\r\\t"', 'l\nb\r\t'],
    ['"$${x}"', '${x}'],
    ['"%%{y}"', '%{y}'],
    ['"$$${x}"', '$${x}'],
    ['"$$$${x}"', '$$${x}'],
    ['"$$"', '$$'],
    ['"$"', '$'],
    ['"\\u00e9"', 'é'],
    ['"\\u00E9"', 'é'],
    ['"\\U0001F600"', '😀'],
    ['"raw tab\there"', 'raw tab\there'],
    ['"日本"', '日本'],
  ])('reads %s as %j', (src, want) => {
    const r = read(src);
    expect(r).toEqual({ ok: true, literal: { value: want, end: src.length } });
  });

  it('stops at the closing quote and reports where the rest begins', () => {
    expect(read('"a"]tail')).toEqual({ ok: true, literal: { value: 'a', end: 3 } });
  });

  it.each([
    ['"${x}"', 'Invalid string literal', 'Template sequences are not allowed in this string. To include a literal "$", double it (as "$$") to escape it.'],
    ['"%{if x}"', 'Invalid string literal', 'Template sequences are not allowed in this string. To include a literal "%", double it (as "%%") to escape it.'],
    ['"a\\qb"', 'Invalid escape sequence', 'The symbol "q" is not a valid escape sequence selector.'],
    ['"\\u12"', 'Invalid escape sequence', 'The \\u escape sequence must be followed by four hexadecimal digits.'],
    ['"\\U0001F60"', 'Invalid escape sequence', 'The \\U escape sequence must be followed by eight hexadecimal digits.'],
    ['"\\ud800"', 'Invalid escape sequence', 'Cannot encode character U+d800 in UTF-8.'],
    ['"\\U00110000"', 'Invalid escape sequence', 'Cannot encode character U+110000 in UTF-8.'],
    ['"a\nb"', 'Invalid multi-line string', 'Quoted strings may not be split over multiple lines. To include a line break in a key, use the \\n escape.'],
    ['"abc', 'Unterminated string literal', 'Unable to find the closing quote mark before the end of the address.'],
    ['"abc\\"', 'Unterminated string literal', 'Unable to find the closing quote mark before the end of the address.'],
    ['"abc\\', 'Unterminated string literal', 'Unable to find the closing quote mark before the end of the address.'],
  ])('refuses %j: %s', (src, summary, detail) => {
    const r = read(src);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diag).toEqual({ severity: 'error', code: 'addr.invalid-string', summary, detail, address: src });
  });
});

describe('goQuote', () => {
  it.each([
    ['registry.terraform.io/hashicorp/aws', '"registry.terraform.io/hashicorp/aws"'],
    ['null_resource.fe["x"]', '"null_resource.fe[\\"x\\"]"'],
    ['a\\b', '"a\\\\b"'],
    ['\u0007\b\f\n\r\t\v', '"\\a\\b\\f\\n\\r\\t\\v"'],
    ['\u0001\u007f', '"\\x01\\x7f"'],
    ['münchen.de', '"münchen.de"'],
    ['\u00a0\u{e0001}', '"\\u00a0\\U000e0001"'],
  ])('quotes %j as %s', (input, want) => {
    expect(goQuote(input)).toBe(want);
  });
});
