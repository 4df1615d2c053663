import { describe, expect, it } from 'vitest';
import { MAX_XML_DEPTH, attribute, childElement, childElements, childText, descendants, localName, parseXml } from '../../src/config-files/parse-xml.js';

describe('parseXml', () => {
  it('builds an element tree with the lines of elements, attributes and text', () => {
    const text = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<!-- a comment -->',
      '<project xmlns="http://maven.apache.org/POM/4.0.0">',
      '  <dependencies>',
      '    <dependency>',
      '      <groupId>io.jsonwebtoken</groupId>',
      '      <version>',
      '        0.9.1',
      '      </version>',
      '    </dependency>',
      '  </dependencies>',
      '  <ItemGroup><PackageReference',
      '      Include="System.IdentityModel.Tokens.Jwt"',
      '      Version="6.1.0" /></ItemGroup>',
      '</project>',
    ].join('\n');
    const { root, error } = parseXml(text);
    expect(error).toBeUndefined();
    expect(root).toMatchObject({ name: 'project', line: 3, endLine: 15 });
    const dependency = childElement(childElement(root, 'dependencies'), 'dependency')!;
    expect(dependency).toMatchObject({ line: 5, endLine: 10 });
    expect(childText(dependency, 'groupId')).toBe('io.jsonwebtoken');
    const version = childElement(dependency, 'version')!;
    expect(version).toMatchObject({ line: 7, textLine: 8, endLine: 9 });
    expect(version.text.trim()).toBe('0.9.1');
    const reference = childElement(childElement(root, 'itemgroup', true), 'PackageReference')!;
    expect(reference.line).toBe(12);
    expect(attribute(reference, 'Include')).toEqual({ name: 'Include', value: 'System.IdentityModel.Tokens.Jwt', line: 13 });
    expect(attribute(reference, 'version', true)).toMatchObject({ value: '6.1.0', line: 14 });
    expect(attribute(reference, 'version')).toBeUndefined();
    expect(attribute(root, 'xmlns')?.value).toBe('http://maven.apache.org/POM/4.0.0');
  });

  it('decodes predefined entities, character references and CDATA, and keeps an element text of its own', () => {
    const { root, error } = parseXml('<a>x &amp; &#x41;&lt;<![CDATA[ <raw> ]]><b>child</b> y</a>');
    expect(error).toBeUndefined();
    expect(root!.text).toBe('x & A< <raw>  y');
    expect(childText(root, 'b')).toBe('child');
  });

  it('counts lines the way LineIndex does (CRLF, lone CR) and ignores a byte order mark', () => {
    const { root, error } = parseXml('\uFEFF<a>\r\n<b/>\r<c\r\n  d="1">t</c>\n</a>');
    expect(error).toBeUndefined();
    expect(childElement(root, 'b')!.line).toBe(2);
    expect(childElement(root, 'c')).toMatchObject({ line: 3, textLine: 4 });
    expect(attribute(childElement(root, 'c'), 'd')!.line).toBe(4);
  });

  it('matches by local name, and lists children and descendants in document order', () => {
    const { root } = parseXml('<m:a xmlns:m="u"><m:b>1</m:b><c>2</c><m:b>3</m:b></m:a>');
    expect(localName(root!.name)).toBe('a');
    expect(childElements(root, 'b').map((e) => e.text)).toEqual(['1', '3']);
    expect([...descendants(root)].map((e) => e.name)).toEqual(['m:a', 'm:b', 'c', 'm:b']);
  });

  it('never throws on malformed XML: returns what it read and the first error', () => {
    const unclosed = parseXml('<project>\n  <version>1.0</version>\n  <dependencies>\n    <dependency>');
    expect(unclosed.error).toBeDefined();
    expect(childText(unclosed.root, 'version')).toBe('1.0');
    expect(childElement(childElement(unclosed.root, 'dependencies'), 'dependency')!.endLine).toBe(4);

    const mismatched = parseXml('<a>\n<b>1</c>\n<d>2</d></a>');
    expect(mismatched.error?.line).toBe(2);
    expect([...descendants(mismatched.root)].map((e) => e.name)).toContain('b');

    for (const garbage of ['', 'not xml at all', '<', '<<<>>>', '<a b=>', '\u0000\u0001', '<a>&#xFFFFFFFF;</a>', '</a>']) {
      expect(() => parseXml(garbage)).not.toThrow();
      expect(parseXml(garbage).error).toBeDefined();
    }
  });

  it('neither expands nor resolves DOCTYPE entities (billion laughs, external entities)', () => {
    const lol = ['<!DOCTYPE lolz [', ' <!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) lol.push(` <!ENTITY lol${i} "${`&lol${i - 1 || ''};`.repeat(10)}">`);
    lol.push(' <!ENTITY xxe SYSTEM "file:///etc/passwd">', ']>', '<project><version>&lol9;</version><name>&xxe;</name></project>');
    const { root, error } = parseXml(lol.join('\n'));
    expect(error?.message).toMatch(/undefined entity/);
    expect(childText(root, 'version')).toBe('&lol9;');
    expect(childText(root, 'name')).toBe('&xxe;');
  });

  it('drops elements nested deeper than MAX_XML_DEPTH and says so', () => {
    const depth = MAX_XML_DEPTH + 50;
    const { root, error } = parseXml('<a>'.repeat(depth) + '<leaf/>' + '</a>'.repeat(depth) + '');
    expect(error?.message).toMatch(/levels deep/);
    let levels = 0;
    for (let e = root; e; e = e.children[0] ?? null) levels++;
    expect(levels).toBe(MAX_XML_DEPTH);
  });

  it('keeps one document element', () => {
    const { root, error } = parseXml('<a/><b><c/></b>');
    expect(root!.name).toBe('a');
    expect(root!.children).toEqual([]);
    expect(error).toBeDefined();
  });
});
