/** An XML element: its qualified name, attributes and children (elements and decoded text). */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly (XmlElement | string)[];
  /** 1-based line of the start tag, for error messages. */
  readonly line: number;
}

/** Malformed XML: names where (`origin:line`) and what. */
export class XmlError extends Error {
  override readonly name = 'XmlError';
}

const XML_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NAME = /[A-Za-z_][\w.:-]*/y;

/**
 * Decodes the five XML entities and numeric character references; any other entity is an error
 * (XML defines no others without a DTD, and DTDs are refused).
 */
export function decodeXmlEntities(text: string, where: () => string): string {
  return text.replace(/&([^;&\s]*);?/g, (whole, body: string) => {
    if (!whole.endsWith(';')) throw new XmlError(`${where()}: '&' not starting an entity (write &amp;)`);
    const named = XML_ENTITIES[body];
    if (named !== undefined) return named;
    const numeric = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(body);
    if (numeric !== null) {
      const code = numeric[1] !== undefined ? Number.parseInt(numeric[1], 16) : Number(numeric[2]);
      if (code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)) return String.fromCodePoint(code);
      throw new XmlError(`${where()}: character reference &${body}; is not a valid character`);
    }
    throw new XmlError(`${where()}: unknown entity &${body}; (XML knows only lt gt amp quot apos and &#…;)`);
  });
}

/**
 * A small, strict XML parser for feeds: elements, attributes, text, CDATA sections, comments,
 * processing instructions and the five predefined entities. A DOCTYPE is refused (no entity
 * expansion, so no "billion laughs"); so are mismatched or unclosed tags and text outside the
 * root. Namespaces are not resolved: names keep their prefix (`atom:link`, `dc:date`).
 */
export function parseXml(text: string, origin: string): XmlElement {
  let position = 0;
  // Line numbers are counted on from the last index asked for: positions mostly move forwards.
  let countedTo = 0;
  let countedLines = 1;
  const lineAt = (index: number): number => {
    if (index < countedTo) {
      countedTo = 0;
      countedLines = 1;
    }
    for (let i = text.indexOf('\n', countedTo); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) countedLines++;
    countedTo = index;
    return countedLines;
  };
  const fail = (message: string, at = position): never => {
    throw new XmlError(`${origin}:${lineAt(at)}: ${message}`);
  };
  const where = (at: number) => () => `${origin}:${lineAt(at)}`;
  const skipUntil = (terminator: string, what: string): void => {
    const end = text.indexOf(terminator, position);
    if (end === -1) fail(`unterminated ${what}`);
    position = end + terminator.length;
  };

  const stack: { name: string; attributes: Record<string, string>; children: (XmlElement | string)[]; line: number }[] =
    [];
  let root: XmlElement | undefined;
  if (text.charCodeAt(0) === 0xfeff) position = 1;

  while (position < text.length) {
    const next = text.indexOf('<', position);
    const textEnd = next === -1 ? text.length : next;
    if (textEnd > position) {
      const raw = text.slice(position, textEnd);
      if (stack.length === 0) {
        if (raw.trim() !== '') fail('text outside the root element');
      } else stack[stack.length - 1]!.children.push(decodeXmlEntities(raw, where(position)));
      position = textEnd;
      continue;
    }
    if (text.startsWith('<!--', position)) skipUntil('-->', 'comment');
    else if (text.startsWith('<?', position)) skipUntil('?>', 'processing instruction');
    else if (text.startsWith('<![CDATA[', position)) {
      if (stack.length === 0) fail('CDATA outside the root element');
      const start = position + 9;
      skipUntil(']]>', 'CDATA section');
      stack[stack.length - 1]!.children.push(text.slice(start, position - 3));
    } else if (text.startsWith('<!', position)) fail('DOCTYPE and other declarations are not accepted in a feed');
    else if (text.startsWith('</', position)) {
      NAME.lastIndex = position + 2;
      const match = NAME.exec(text);
      if (match === null) fail('malformed end tag');
      const name = match![0];
      const close = text.indexOf('>', NAME.lastIndex);
      if (close === -1 || text.slice(NAME.lastIndex, close).trim() !== '') fail(`malformed end tag </${name}`);
      const open = stack.pop();
      if (open === undefined) fail(`end tag </${name}> without a start tag`);
      if (open!.name !== name) fail(`end tag </${name}> closes <${open!.name}> (opened on line ${open!.line})`);
      position = close + 1;
      const element: XmlElement = open!;
      if (stack.length === 0) root = element;
      else stack[stack.length - 1]!.children.push(element);
    } else {
      const start = position;
      NAME.lastIndex = position + 1;
      const match = NAME.exec(text);
      if (match === null) fail("'<' not starting a tag (write &lt;)");
      if (root !== undefined) fail('a second root element');
      const name = match![0];
      position = NAME.lastIndex;
      // No prototype: an attribute named `constructor` is just an attribute.
      const attributes: Record<string, string> = Object.create(null);
      let selfClosing = false;
      for (;;) {
        const rest = /\s*(\/?>|([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)'))/y;
        rest.lastIndex = position;
        const attribute = rest.exec(text);
        if (attribute === null) fail(`malformed tag <${name}>`);
        position = rest.lastIndex;
        if (attribute![1] === '>' || attribute![1] === '/>') {
          selfClosing = attribute![1] === '/>';
          break;
        }
        const key = attribute![2]!;
        if (Object.hasOwn(attributes, key)) fail(`attribute ${key} repeated in <${name}>`);
        attributes[key] = decodeXmlEntities(attribute![3] ?? attribute![4]!, where(position));
      }
      const element = { name, attributes, children: [] as (XmlElement | string)[], line: lineAt(start) };
      if (selfClosing) {
        if (stack.length === 0) root = element;
        else stack[stack.length - 1]!.children.push(element);
      } else stack.push(element);
    }
  }
  if (stack.length > 0)
    fail(`<${stack[stack.length - 1]!.name}> (line ${stack[stack.length - 1]!.line}) is never closed`);
  if (root === undefined) fail('no root element');
  return root!;
}

/** Local part of a qualified name (`atom:link` → `link`). */
export const localName = (element: XmlElement): string => element.name.slice(element.name.indexOf(':') + 1);

/** Child elements, optionally only those with a local name. */
export function childElements(element: XmlElement, name?: string): XmlElement[] {
  return element.children.filter(
    (child): child is XmlElement => typeof child !== 'string' && (name === undefined || localName(child) === name),
  );
}

/** All text inside an element and its descendants, concatenated. */
export function textContent(element: XmlElement): string {
  return element.children.map((child) => (typeof child === 'string' ? child : textContent(child))).join('');
}
