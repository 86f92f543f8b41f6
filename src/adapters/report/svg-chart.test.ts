import { describe, expect, it } from 'vitest';
import { type ChartBand, renderSvgChart, type SvgChartOptions } from './svg-chart.ts';

const T = Date.UTC(2022, 0, 1);
const DAY = 86_400_000;
const H = 3_600_000;

function chart(overrides: Partial<SvgChartOptions>): string {
  return renderSvgChart({
    id: 'equity',
    title: 'Equity',
    series: { x: new Float64Array([T, T + 30 * DAY]), y: new Float64Array([100, 90]), count: 2 },
    xRange: [T, T + 30 * DAY],
    kind: 'line',
    formatValue: (value) => String(value),
    ...overrides,
  });
}

const count = (text: string, needle: string): number => text.split(needle).length - 1;
const widths = (svg: string): number[] =>
  [...svg.matchAll(/<rect class="band band-\w+" x="[\d.]+" y="\d+" width="([\d.]+)"/g)].map((m) => Number(m[1]));

describe('renderSvgChart bands and event lines', () => {
  it('draws an hour on a 30-day axis at least 2 px wide, titled, under the series', () => {
    const svg = chart({ bands: [{ start: T + DAY, end: T + DAY + H, kind: 'halted', label: 'HALTED <1h>' }] });
    expect(widths(svg), 'one band, widened to stay visible').toEqual([2]);
    expect(svg).toContain('<title>HALTED &lt;1h&gt;</title>');
    expect(svg.indexOf('band-halted'), 'drawn before the line').toBeLessThan(svg.indexOf('<polyline'));
  });

  it('leaves out bands outside the axis and clamps those that cross its ends', () => {
    const bands: ChartBand[] = [
      { start: T - 5 * DAY, end: T - 4 * DAY, kind: 'halted', label: 'before' },
      { start: T - DAY, end: T + DAY, kind: 'reducing', label: 'across the start' },
      { start: T + 40 * DAY, end: T + 41 * DAY, kind: 'halted', label: 'after' },
    ];
    const svg = chart({ bands });
    expect(count(svg, '<rect class="band'), 'only the band that overlaps the axis').toBe(1);
    expect(svg).toContain('<rect class="band band-reducing" x="76" ');
    expect(svg).not.toContain('before');
  });

  it('merges thousands of bands and lines that lie within a pixel, so the SVG stays small', () => {
    const bands: ChartBand[] = [];
    for (let i = 0; i < 10_000; i++)
      bands.push({ start: T + i * 4 * 60_000, end: T + i * 4 * 60_000 + 60_000, kind: 'halted', label: `halt ${i}` });
    const lines = bands.map((band) => ({ time: band.start, label: band.label }));
    const svg = chart({ bands, eventLines: lines });
    expect(count(svg, '<rect class="band'), 'a band every 4 minutes is one stretch at this scale').toBe(1);
    expect(svg).toContain('(and 9999 more within a pixel)');
    expect(count(svg, '<g class="event-line">'), 'at most one line per pixel of the 1008 px plot').toBeLessThanOrEqual(
      1008,
    );
    expect(count(svg, '<g class="event-line">')).toBeGreaterThan(1);
  });

  it('keeps bands of different states apart', () => {
    const svg = chart({
      bands: [
        { start: T + DAY, end: T + 2 * DAY, kind: 'reducing', label: 'r' },
        { start: T + 2 * DAY, end: T + 3 * DAY, kind: 'halted', label: 'h' },
      ],
    });
    expect(count(svg, 'band-reducing')).toBe(1);
    expect(count(svg, 'band-halted')).toBe(1);
  });
});
