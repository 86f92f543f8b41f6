import { escapeHtml } from './escape-html.ts';
import { renderSettingsTable } from './metrics-table.ts';
import { REPORT_STYLE } from './report-style.ts';

/** A titled block of a table report: key/value pairs, or a table with a header row. */
export type TableReportSection =
  | {
      readonly heading: string;
      readonly caption?: string;
      readonly settings: Readonly<Record<string, string | number | boolean>>;
    }
  | {
      readonly heading: string;
      readonly caption?: string;
      readonly header: readonly string[];
      readonly rows: ReadonlyArray<readonly string[]>;
      /** Rows (by index) to highlight, e.g. the selected parameter set. */
      readonly highlight?: ReadonlySet<number>;
    };

/** Input of {@link renderTableReport}: every value is already formatted text. */
export interface TableReportInput {
  readonly title: string;
  /** One line under the title (run id, time generated, period). */
  readonly subtitle: string;
  readonly sections: readonly TableReportSection[];
}

/**
 * A self-contained HTML page of tables (an optimization's results, say): the run report's style,
 * no scripts or links, every string escaped, deterministic for the same input.
 */
export function renderTableReport(input: TableReportInput): string {
  const sections = input.sections.map((section) => {
    const caption = section.caption === undefined ? '' : `<p class="caption">${escapeHtml(section.caption)}</p>`;
    if ('settings' in section)
      return `<section><h2>${escapeHtml(section.heading)}</h2>${renderSettingsTable({ ...section.settings })}${caption}</section>`;
    const head = `<tr>${section.header.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr>`;
    const body = section.rows
      .map(
        (row, i) =>
          `<tr${section.highlight?.has(i) ? ' class="selected"' : ''}>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`,
      )
      .join('');
    return `<section><h2>${escapeHtml(section.heading)}</h2><table class="results"><thead>${head}</thead><tbody>${body}</tbody></table>${caption}</section>`;
  });
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(input.title)}</title>`,
    `<style>${REPORT_STYLE}table.results{border-collapse:collapse;font-size:13px}table.results td,table.results th{padding:2px 8px;text-align:right;border-bottom:1px solid #ddd}tr.selected{background:#fff4c2}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<header><h1>${escapeHtml(input.title)}</h1><p>${escapeHtml(input.subtitle)}</p></header>`,
    ...sections,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
