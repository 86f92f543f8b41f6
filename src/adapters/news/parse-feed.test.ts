import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HeadlineDeduplicator, SymbolRelevance } from '../../core/sentiment/index.ts';
import { parseFeed } from './parse-feed.ts';
import { XmlError } from './parse-xml.ts';

const FIXTURES = new URL('../../../test/fixtures/news/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');

describe('parseFeed: RSS 2.0 (test/fixtures/news/example-rss.xml)', () => {
  const feed = parseFeed(read('example-rss.xml'), { origin: 'example-rss.xml' });

  it('reads the channel and every dated item, with CDATA, entities and escaped HTML decoded', () => {
    expect(feed.format).toBe('rss');
    expect(feed.title).toBe('Tradewind example feed (not real news)');
    expect(
      feed.headlines.map((h) => h.id),
      'guid, else link',
    ).toEqual(['example-1', 'example-2', 'https://example.com/news/3', 'syndicated-1', 'example-6', 'example-7']);
    expect(feed.headlines[0], 'CDATA title kept verbatim, CDATA HTML description reduced to text').toEqual({
      id: 'example-1',
      source: 'Tradewind example feed (not real news)',
      title: 'Example: Bitcoin rally & record volume <sample>',
      summary: 'Sample text about BTC for tests.',
      url: 'https://example.com/news/1',
      publishedAt: Date.UTC(2026, 10, 21, 10, 0, 0),
    });
    expect(feed.headlines[1]!.title, 'XML entities and character references').toBe(
      'Example: Ether & Bitcoin \u2013 weekly summary \u2014 "sample"',
    );
    expect(feed.headlines[1]!.summary, 'escaped HTML with &nbsp;').toBe('Sample summary with escaped HTML .');
  });

  it('reads RFC 822 dates with offsets and zone names, and dc:date', () => {
    expect(feed.headlines[1]!.publishedAt, '12:30 +0100').toBe(Date.UTC(2026, 10, 21, 11, 30));
    expect(feed.headlines[2]!.publishedAt, 'dc:date').toBe(Date.UTC(2026, 10, 21, 9, 15));
    expect(feed.headlines[4]!.publishedAt, '06:00 EST').toBe(Date.UTC(2026, 10, 21, 11, 0));
  });

  it('refuses the item without a date, naming it, its line and why', () => {
    expect(feed.refused).toEqual([
      {
        element: "example-rss.xml:28: <item> 4 'Example: an item without a date'",
        reason: 'no <pubDate> (nor <dc:date>): a headline without a date cannot be weighted in time',
      },
    ]);
  });

  it('feeds de-duplication and relevance: the syndicated copy is dropped, the rest tagged', () => {
    const relevance = new SymbolRelevance({ BTC: ['bitcoin', 'btc'], ETH: ['ether', 'ethereum'], ORCL: ['oracle'] });
    const kept = relevance.tag(new HeadlineDeduplicator().filter(feed.headlines));
    expect(kept.map((h) => [h.id, h.symbols])).toEqual([
      ['example-1', ['BTC']],
      ['example-2', ['BTC', 'ETH']],
      ['https://example.com/news/3', ['ETH']],
      ['example-6', ['BTC']],
      ['example-7', ['ORCL']],
    ]);
  });

  it('uses the given source instead of the channel title', () => {
    expect(parseFeed(read('example-rss.xml'), { origin: 'x', source: 'desk' }).headlines[0]!.source).toBe('desk');
  });
});

describe('parseFeed: Atom (test/fixtures/news/example-atom.xml)', () => {
  const feed = parseFeed(read('example-atom.xml'), { origin: 'example-atom.xml' });

  it('reads entries: published before updated, the alternate link, html and xhtml text', () => {
    expect(feed.format).toBe('atom');
    expect(feed.headlines).toEqual([
      {
        id: 'urn:example:atom:1',
        source: 'Tradewind example Atom feed (not real news)',
        title: 'Example: Bitcoin sample headline',
        summary: 'Sample summary & notes',
        url: 'https://example.com/atom/1',
        publishedAt: Date.UTC(2026, 10, 21, 8, 0),
      },
      {
        id: 'urn:example:atom:2',
        source: 'Tradewind example Atom feed (not real news)',
        title: 'Example: Ether sample headline',
        summary: 'Sample content text',
        url: 'https://example.com/atom/2',
        publishedAt: Date.UTC(2026, 10, 21, 11, 30, 0, 250),
      },
    ]);
  });

  it('refuses the entry without a date by name', () => {
    expect(feed.refused).toHaveLength(1);
    expect(feed.refused[0]!.element).toBe("example-atom.xml:24: <entry> 3 'Example: an entry without a date'");
    expect(feed.refused[0]!.reason).toMatch(/no <published> \(nor <updated>\)/);
  });
});

describe('parseFeed: refusals', () => {
  const rss = (item: string) => `<rss version="2.0"><channel><title>t</title>\n<item>${item}</item></channel></rss>`;

  it.each([
    ['<title>a</title><pubDate>yesterday</pubDate>', "<pubDate> 'yesterday' is not an RFC 822 date"],
    ['<title>a</title><pubDate>Sat, 31 Feb 2026 10:00:00 GMT</pubDate>', 'is not an RFC 822 date'],
    ['<title>a</title><pubDate>Sat, 21 Nov 2026 10:00:00 A</pubDate>', 'is not an RFC 822 date'],
    ['<title>a</title><dc:date>2026-11-21T10:00:00</dc:date>', 'is not an RFC 3339 date with a zone'],
    ['<title> </title><pubDate>Sat, 21 Nov 2026 10:00:00 GMT</pubDate>', 'no <title>'],
  ])('%s → refused: %s', (item, reason) => {
    const feed = parseFeed(rss(item), { origin: 'inline' });
    expect(feed.headlines, 'nothing taken').toEqual([]);
    expect(feed.refused[0]!.element).toMatch(/^inline:2: <item> 1/);
    expect(feed.refused[0]!.reason).toContain(reason);
  });

  it('takes a permalink guid as the link, unless isPermaLink="false"; any attribute name is just a name', () => {
    const feed = parseFeed(
      rss(
        '<title constructor="x">a</title><guid>https://example.com/a</guid><pubDate>Sat, 21 Nov 2026 10:00:00 GMT</pubDate>',
      ).replace(
        '</item>',
        '</item><item><title>b</title><guid isPermaLink="false">https://example.com/b</guid><pubDate>Sat, 21 Nov 2026 10:00:00 GMT</pubDate></item>',
      ),
      { origin: 'inline' },
    );
    expect(feed.headlines.map((h) => [h.id, h.url])).toEqual([
      ['https://example.com/a', 'https://example.com/a'],
      ['https://example.com/b', undefined],
    ]);
  });

  it.each([
    ['<html><body/></html>', /inline:1: root element <html> is neither RSS 2.0 <rss> nor Atom <feed>/],
    ['<rss version="2.0"></rss>', /inline:1: <rss> has no <channel>/],
    ['<rss><channel>\n<item><title>a</item></channel></rss>', /inline:2: end tag <\/item> closes <title>/],
    ['<rss><channel><title>AT&T</title></channel></rss>', /inline:1: .*'&' not starting an entity/],
    ['<rss><channel><title>&nbsp;</title></channel></rss>', /unknown entity &nbsp;/],
    ['<!DOCTYPE rss [<!ENTITY x "y">]><rss/>', /DOCTYPE .* not accepted/],
    ['<rss><channel>', /<channel> \(line 1\) is never closed/],
    ['<rss/><feed/>', /a second root element/],
    ['<rss><channel><title><![CDATA[x</title></channel></rss>', /unterminated CDATA/],
  ])('%s throws', (text, message) => {
    expect(() => parseFeed(text, { origin: 'inline' }), 'malformed document').toThrow(XmlError);
    expect(() => parseFeed(text, { origin: 'inline' })).toThrow(message);
  });
});
