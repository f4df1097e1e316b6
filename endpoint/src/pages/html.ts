/**
 * HTML by tagged template: every interpolated value is escaped unless it is already `Html` (made by this same
 * template), so no page can forget to escape what a device, a CSV or a person typed.
 */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function render(value: unknown): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(value);
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** `<option>`s with the current one selected. */
export function options(choices: readonly (readonly [string, string])[], current: string | null | undefined): Html {
  return html`${choices.map(([value, label]) => html`<option value="${value}" ${value === current ? html` selected` : ''}>${label}</option>`)}`;
}

/** The hidden CSRF field every state-changing form carries. */
export const csrfField = (token: string): Html => html`<input type="hidden" name="_csrf" value="${token}" />`;

/** A POST form that is only a button (approve, revoke, end sessions…). */
export function buttonForm(
  action: string,
  csrf: string,
  label: string,
  extra: Html | string = '',
  kind: 'primary' | 'danger' | 'plain' = 'plain',
): Html {
  return html`<form method="post" action="${action}" class="inline">
    ${csrfField(csrf)}${extra}<button type="submit" class="button-${kind}">${label}</button>
  </form>`;
}
