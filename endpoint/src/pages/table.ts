import { html, type Html } from './html';

/** A cell: its content, or its content with a class. */
export type Cell = Html | string | number | { content: Html | string | number; className: string };

export interface TableRow {
  /** Attributes for the `<tr>` (a data attribute tests and links use). */
  data?: { name: string; value: string | number };
  cells: Cell[];
}

/**
 * A table that becomes one card per row on a small screen (each cell labelled with its column, see
 * `table.cards` in workspace.css): every list in the workspace.
 */
export function cardTable(options: { id: string; caption?: string; columns: readonly string[]; rows: TableRow[] }): Html {
  const { id, caption, columns, rows } = options;
  const cell = (c: Cell, i: number) =>
    typeof c === 'object' && 'className' in c
      ? html`<td data-label="${columns[i] ?? ''}" class="${c.className}">${c.content}</td>`
      : html`<td data-label="${columns[i] ?? ''}">${c}</td>`;
  return html`<table class="cards" id="${id}">
    ${
      caption
        ? html`<caption>
            ${caption}
          </caption>`
        : ''
    }
    <thead>
      <tr>
        ${columns.map((c) => html`<th scope="col">${c}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows.map((r) => html`<tr${r.data ? html` data-${r.data.name}="${r.data.value}"` : ''}>${r.cells.map(cell)}</tr>`)}
    </tbody>
  </table>`;
}
