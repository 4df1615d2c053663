// A located XML reader for project files (Maven pom.xml, MSBuild *.csproj and *.props,
// packages.config): an element tree whose elements, attributes and text carry 1-based line
// numbers, built on saxes (a strict, streaming, non-validating parser).
//
// The scanned repository may be hostile. saxes never reads a DTD: a DOCTYPE's internal subset
// is passed over as text, so `<!ENTITY>` declarations are neither expanded (no billion
// laughs) nor fetched (no external entities, no file reads, no network); a reference to one is
// an "undefined entity" error and its text stays as written (`&lol9;`). Only the five
// predefined entities and character references are decoded. Elements nested deeper than
// MAX_DEPTH are not kept (consumers may recurse over the tree) and the number of elements is
// capped, so a pathological file costs linear time and bounded memory.
//
// Never throws: on malformed XML it returns the tree read so far (saxes recovers from most
// errors and goes on) and the first error.
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { LineIndex } from '../parse/line-index.js';

export interface XmlAttribute {
  /** The name as written, prefix included (`xmlns:x`, `Include`). */
  name: string;
  /** The value with entity and character references decoded. */
  value: string;
  /** 1-based line of the attribute's value (where its closing quote stands). */
  line: number;
}

export interface XmlElement {
  /** The name as written, prefix included (`project`, `x:dependency`). */
  name: string;
  attributes: XmlAttribute[];
  children: XmlElement[];
  /** The element's own text (text and CDATA directly inside it, not its children's), decoded, untrimmed. */
  text: string;
  /** 1-based line of the element's `<`. */
  line: number;
  /** 1-based line where its text begins (its first non-blank character); the element's line when it has none. */
  textLine: number;
  /** 1-based line of the element's end (`/>` or its end tag); the last line when it is not closed. */
  endLine: number;
}

export interface XmlError {
  message: string;
  line: number;
  column: number;
}

export interface XmlDocument {
  /** The document element; null when none was read. */
  root: XmlElement | null;
  /** The first well-formedness error (or limit reached), if any. */
  error?: XmlError;
}

/** Elements nested deeper than this are dropped; real project files stay far below it. */
export const MAX_XML_DEPTH = 256;
/** At most this many elements are kept. */
export const MAX_XML_ELEMENTS = 200_000;

/** The local part of a name: `x:dependency` → `dependency`. */
export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

function sameName(a: string, b: string, ignoreCase: boolean): boolean {
  const x = localName(a);
  return ignoreCase ? x.toLowerCase() === b.toLowerCase() : x === b;
}

/** Child elements with this local name (`ignoreCase` for MSBuild, whose element and attribute names are case-insensitive). */
export function childElements(element: XmlElement | null | undefined, name: string, ignoreCase = false): XmlElement[] {
  return element ? element.children.filter((c) => sameName(c.name, name, ignoreCase)) : [];
}

/** The first child element with this local name. */
export function childElement(element: XmlElement | null | undefined, name: string, ignoreCase = false): XmlElement | undefined {
  return element?.children.find((c) => sameName(c.name, name, ignoreCase));
}

/** The trimmed text of the first child element with this local name; undefined when there is no such child. */
export function childText(element: XmlElement | null | undefined, name: string, ignoreCase = false): string | undefined {
  return childElement(element, name, ignoreCase)?.text.trim();
}

/** An attribute by name (prefix included). */
export function attribute(element: XmlElement | null | undefined, name: string, ignoreCase = false): XmlAttribute | undefined {
  if (!element) return undefined;
  const wanted = ignoreCase ? name.toLowerCase() : name;
  return element.attributes.find((a) => (ignoreCase ? a.name.toLowerCase() : a.name) === wanted);
}

/** Every element of the tree in document order (iterative: no recursion over hostile depth). */
export function* descendants(element: XmlElement | null | undefined): Generator<XmlElement> {
  if (!element) return;
  const stack: XmlElement[] = [element];
  while (stack.length > 0) {
    const next = stack.pop()!;
    yield next;
    for (let i = next.children.length - 1; i >= 0; i--) stack.push(next.children[i]!);
  }
}

function firstNonBlank(text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return i;
  }
  return -1;
}

/** Reads an XML document into a located element tree; never throws. */
export function parseXml(source: string): XmlDocument {
  // A byte order mark is not part of the document; the offsets saxes reports are then one short.
  const bom = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  const text = bom ? source.slice(1) : source;
  const lines = new LineIndex(source);
  const lineAt = (offset: number) => lines.position(Math.max(0, Math.min(offset + bom, source.length))).line;

  const parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
  let root: XmlElement | null = null;
  let error: XmlError | undefined;
  let count = 0;
  /** Open elements; null stands for one that was not kept (too deep, over the cap, a second root). */
  const stack: (XmlElement | null)[] = [];
  const open = new Map<SaxesTagPlain, XmlElement | null>();
  let pendingAttributes: XmlAttribute[] = [];
  let elementStart = 0;
  /** Offset just past the last markup (tag, comment, PI, doctype): where the next text run begins. */
  let markupEnd = 0;

  const fail = (message: string, offset: number) => {
    if (error) return;
    const { line, column } = lines.position(Math.max(0, Math.min(offset + bom, source.length)));
    error = { message, line, column };
  };
  const top = () => (stack.length > 0 ? stack[stack.length - 1] : undefined);

  parser.on('error', (e) => {
    // saxes prefixes its messages with `line:column: `; the location is given apart.
    fail(e.message.replace(/^\d+:\d+: /, ''), parser.position);
  });
  parser.on('opentagstart', () => {
    // The name cannot hold `<`: the last one before the parser's position opens this tag.
    elementStart = Math.max(0, text.lastIndexOf('<', parser.position - 1));
    pendingAttributes = [];
  });
  parser.on('attribute', (a) => {
    pendingAttributes.push({ name: a.name, value: a.value, line: lineAt(parser.position - 1) });
  });
  parser.on('opentag', (tag) => {
    markupEnd = parser.position;
    const parent = top();
    let element: XmlElement | null = null;
    const keep = parent !== null && (parent !== undefined || root === null);
    if (keep && stack.length >= MAX_XML_DEPTH) fail(`elements nest more than ${MAX_XML_DEPTH} levels deep; deeper ones were not read`, elementStart);
    else if (keep && count >= MAX_XML_ELEMENTS) fail(`more than ${MAX_XML_ELEMENTS} elements; the rest were not read`, elementStart);
    else if (keep) {
      const line = lineAt(elementStart);
      element = { name: tag.name, attributes: pendingAttributes, children: [], text: '', line, textLine: line, endLine: lineAt(parser.position - 1) };
      count++;
      if (parent) parent.children.push(element);
      else root = element;
    }
    pendingAttributes = [];
    if (tag.isSelfClosing) return; // saxes sends its closetag at once; nothing is pushed for it
    stack.push(element);
    open.set(tag, element);
  });
  parser.on('closetag', (tag) => {
    markupEnd = parser.position;
    if (tag.isSelfClosing) return;
    if (!open.has(tag)) return;
    const element = open.get(tag)!;
    open.delete(tag);
    // saxes closes unclosed children before their parent: pop down to this tag's element.
    while (stack.length > 0) {
      const popped = stack.pop();
      if (popped === element) break;
    }
    if (element) element.endLine = lineAt(parser.position - 1);
  });
  const addText = (value: string, from: number) => {
    const element = top();
    if (!element) return;
    if (element.text.trim() === '') {
      const first = firstNonBlank(text, from, parser.position);
      if (first >= 0 && value.trim() !== '') element.textLine = lineAt(first);
    }
    element.text += value;
  };
  parser.on('text', (value) => {
    const from = markupEnd;
    markupEnd = parser.position - 1; // the `<` that ended the text belongs to the next markup
    addText(value, from);
  });
  parser.on('cdata', (value) => {
    const opening = text.lastIndexOf('<![CDATA[', parser.position);
    addText(value, opening < 0 ? markupEnd : opening + 9);
    markupEnd = parser.position;
  });
  for (const event of ['comment', 'processinginstruction', 'doctype', 'xmldecl'] as const) {
    parser.on(event, () => {
      markupEnd = parser.position;
    });
  }

  try {
    parser.write(text).close();
  } catch (e) {
    // saxes reports through the handler above; anything thrown is a parser fault, not the file's.
    fail(`XML parser failed: ${(e as Error).message}`, parser.position);
  }
  for (const element of stack) if (element) element.endLine = lines.lineCount;
  return error ? { root, error } : { root };
}
