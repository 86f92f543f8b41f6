import { deriveHeadlineId, type Headline } from '../../core/sentiment/index.ts';
import { collapseWhitespace, htmlToText } from './html-to-text.ts';
import { parseRfc822Date, parseRfc3339Date } from './parse-feed-date.ts';
import { childElements, localName, parseXml, textContent, type XmlElement, XmlError } from './parse-xml.ts';

/** An entry of a feed that was left out, and why: `element` names it (`<item> 3 'title'`). */
export interface RefusedEntry {
  readonly element: string;
  readonly reason: string;
}

/** What a feed yielded. */
export interface ParsedFeed {
  readonly format: 'rss' | 'atom';
  /** The channel's or feed's title, when it has one. */
  readonly title?: string;
  /** Headlines in document order. */
  readonly headlines: readonly Headline[];
  /** Entries without a usable title or date, each named. Nothing is dropped silently. */
  readonly refused: readonly RefusedEntry[];
}

/** Options of {@link parseFeed}. */
export interface ParseFeedOptions {
  /** The file path or URL the text came from, for messages. */
  readonly origin: string;
  /** `Headline.source`; default the feed's title, else `origin`. */
  readonly source?: string;
}

/**
 * Headlines of an RSS 2.0 (`<rss><channel><item>`) or Atom (`<feed><entry>`) document. Read per
 * entry: title; link (RSS `link`, Atom `link` with rel `alternate` or none); id (RSS `guid`, Atom
 * `id`; else the link; else a hash); date (RSS `pubDate` in RFC 822, else `dc:date`; Atom
 * `published`, else `updated`, in RFC 3339); summary (RSS `description`, Atom `summary`, else
 * `content`; HTML reduced to text). An entry without a title or a date is refused by name; a
 * document that is not well-formed XML, or neither RSS nor Atom, throws an {@link XmlError}
 * naming the origin and line.
 */
export function parseFeed(text: string, options: ParseFeedOptions): ParsedFeed {
  const root = parseXml(text, options.origin);
  const rootName = localName(root);
  if (rootName === 'rss') {
    const channel = childElements(root, 'channel')[0];
    if (channel === undefined) throw new XmlError(`${options.origin}:${root.line}: <rss> has no <channel>`);
    return collect('rss', channel, childElements(channel, 'item'), options, readRssItem);
  }
  if (rootName === 'feed') return collect('atom', root, childElements(root, 'entry'), options, readAtomEntry);
  throw new XmlError(
    `${options.origin}:${root.line}: root element <${root.name}> is neither RSS 2.0 <rss> nor Atom <feed>`,
  );
}

/** The fields of one entry, or the reason it cannot be a headline. */
type EntryFields =
  | { title: string; url?: string; guid?: string; publishedAt: number; summary?: string }
  | { problem: string };

function collect(
  format: 'rss' | 'atom',
  container: XmlElement,
  entries: readonly XmlElement[],
  options: ParseFeedOptions,
  read: (entry: XmlElement) => EntryFields,
): ParsedFeed {
  const titleElement = childElements(container, 'title')[0];
  const feedTitle = titleElement === undefined ? '' : textOf(titleElement);
  const source = options.source ?? (feedTitle === '' ? options.origin : feedTitle);
  const headlines: Headline[] = [];
  const refused: RefusedEntry[] = [];
  const tag = format === 'rss' ? 'item' : 'entry';
  entries.forEach((entry, index) => {
    const fields = read(entry);
    if ('problem' in fields) {
      const title = childElements(entry, 'title')[0];
      const named = title === undefined ? '' : ` '${textOf(title).slice(0, 80)}'`;
      refused.push({
        element: `${options.origin}:${entry.line}: <${tag}> ${index + 1}${named}`,
        reason: fields.problem,
      });
      return;
    }
    const id =
      fields.guid ?? fields.url ?? deriveHeadlineId({ source, title: fields.title, publishedAt: fields.publishedAt });
    headlines.push({
      id,
      source,
      title: fields.title,
      publishedAt: fields.publishedAt,
      ...(fields.summary === undefined || fields.summary === '' ? {} : { summary: fields.summary }),
      ...(fields.url === undefined ? {} : { url: fields.url }),
    });
  });
  return { format, ...(feedTitle === '' ? {} : { title: feedTitle }), headlines, refused };
}

/** Text of a text construct: HTML or XHTML reduced to text, plain text with whitespace collapsed. */
function textOf(element: XmlElement): string {
  const type = element.attributes.type;
  return type === 'html' || type === 'xhtml' || type === 'text/html'
    ? htmlToText(textContent(element))
    : collapseWhitespace(textContent(element));
}

function first(entry: XmlElement, ...names: string[]): XmlElement | undefined {
  for (const name of names) {
    const found = childElements(entry, name)[0];
    if (found !== undefined) return found;
  }
  return undefined;
}

function readRssItem(item: XmlElement): EntryFields {
  const titleElement = first(item, 'title');
  const title = titleElement === undefined ? '' : collapseWhitespace(textContent(titleElement));
  if (title === '') return { problem: 'no <title> (a headline needs one)' };
  const pubDate = item.children.find(
    (child): child is XmlElement => typeof child !== 'string' && child.name === 'pubDate',
  );
  const dcDate = childElements(item, 'date').find((child) => child.name !== 'date');
  let publishedAt: number | undefined;
  if (pubDate !== undefined) {
    const text = collapseWhitespace(textContent(pubDate));
    publishedAt = parseRfc822Date(text);
    if (publishedAt === undefined) return { problem: `<pubDate> '${text}' is not an RFC 822 date` };
  } else if (dcDate !== undefined) {
    const text = collapseWhitespace(textContent(dcDate));
    publishedAt = parseRfc3339Date(text);
    if (publishedAt === undefined) return { problem: `<${dcDate.name}> '${text}' is not an RFC 3339 date with a zone` };
  } else return { problem: 'no <pubDate> (nor <dc:date>): a headline without a date cannot be weighted in time' };
  const link = item.children.find((child): child is XmlElement => typeof child !== 'string' && child.name === 'link');
  const guidElement = first(item, 'guid');
  const guid = guidElement === undefined ? '' : collapseWhitespace(textContent(guidElement));
  // A guid is a permalink unless it says isPermaLink="false": then it doubles as the link.
  const guidLink = guidElement?.attributes.isPermaLink !== 'false' && /^https?:\/\//i.test(guid) ? guid : '';
  const url = link === undefined ? guidLink : collapseWhitespace(textContent(link)) || guidLink;
  const description = first(item, 'description');
  return {
    title,
    publishedAt,
    ...(url === '' ? {} : { url }),
    ...(guid === '' ? {} : { guid }),
    ...(description === undefined ? {} : { summary: htmlToText(textContent(description)) }),
  };
}

function readAtomEntry(entry: XmlElement): EntryFields {
  const titleElement = first(entry, 'title');
  const title = titleElement === undefined ? '' : textOf(titleElement);
  if (title === '') return { problem: 'no <title> (a headline needs one)' };
  const dateElement = first(entry, 'published', 'updated');
  if (dateElement === undefined)
    return { problem: 'no <published> (nor <updated>): a headline without a date cannot be weighted in time' };
  const dateText = collapseWhitespace(textContent(dateElement));
  const publishedAt = parseRfc3339Date(dateText);
  if (publishedAt === undefined)
    return { problem: `<${dateElement.name}> '${dateText}' is not an RFC 3339 date with a zone` };
  const links = childElements(entry, 'link');
  const link =
    links.find((candidate) => (candidate.attributes.rel ?? 'alternate') === 'alternate') ?? links[0] ?? undefined;
  const url = link?.attributes.href?.trim() ?? '';
  const idElement = first(entry, 'id');
  const guid = idElement === undefined ? '' : collapseWhitespace(textContent(idElement));
  const summary = first(entry, 'summary', 'content');
  return {
    title,
    publishedAt,
    ...(url === '' ? {} : { url }),
    ...(guid === '' ? {} : { guid }),
    ...(summary === undefined ? {} : { summary: textOf(summary) }),
  };
}
