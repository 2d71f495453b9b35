/** A parsed XML element: name, attributes in document order, child elements, and its own text. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlElement[];
  readonly text: string;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string, where: number): string {
  return text.replace(/&([^;]*);/g, (_all, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    const value = ENTITIES[name];
    if (value === undefined) throw new Error(`unknown entity &${name}; near offset ${where}`);
    return value;
  });
}

/**
 * A strict parser for the XML the reporters write (declaration, elements, double-quoted
 * attributes, text, the five entities and character references): it throws on anything else, on
 * an unclosed or mismatched element, a duplicate attribute, a bare `<` or `&` in text.
 */
export function parseXml(source: string): XmlElement {
  const declaration = /^<\?xml version="1\.0" encoding="UTF-8"\?>\s*/.exec(source);
  if (declaration === null) throw new Error('no XML declaration <?xml version="1.0" encoding="UTF-8"?>');
  let at = declaration[0].length;
  type Open = { name: string; attributes: Map<string, string>; children: XmlElement[]; text: string };
  const stack: Open[] = [];
  let root: XmlElement | undefined;
  const close = (element: Open): void => {
    const done: XmlElement = { name: element.name, attributes: element.attributes, children: element.children, text: element.text };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(done);
    else if (root === undefined) root = done;
    else throw new Error(`a second root element <${element.name}>`);
  };
  while (at < source.length) {
    const lt = source.indexOf('<', at);
    const text = source.slice(at, lt < 0 ? source.length : lt);
    if (/[<>&]/.test(text.replace(/&(#x?[0-9a-fA-F]+|amp|lt|gt|quot|apos);/g, ''))) throw new Error(`bare markup character in text near offset ${at}`);
    const top = stack[stack.length - 1];
    if (top) top.text += decode(text, at);
    else if (text.trim() !== '') throw new Error(`text outside the root element near offset ${at}`);
    if (lt < 0) break;
    const end = source.indexOf('>', lt);
    if (end < 0) throw new Error(`unterminated tag at offset ${lt}`);
    const tag = source.slice(lt + 1, end);
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name ?? 'nothing'}> at offset ${lt}`);
      close(open);
    } else {
      const match = /^([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)$/.exec(tag);
      if (match === null) throw new Error(`malformed tag <${tag.slice(0, 60)}> at offset ${lt}`);
      const [, name = '', attrs = '', selfClosing] = match;
      const attributes = new Map<string, string>();
      for (const [, key = '', value = ''] of attrs.matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
        if (attributes.has(key)) throw new Error(`duplicate attribute ${key} on <${name}>`);
        attributes.set(key, decode(value, lt));
      }
      const element: Open = { name, attributes, children: [], text: '' };
      if (selfClosing === '/') close(element);
      else stack.push(element);
    }
    at = end + 1;
  }
  if (stack.length > 0) throw new Error(`<${stack[stack.length - 1]?.name ?? ''}> is never closed`);
  if (root === undefined) throw new Error('no root element');
  return root;
}
