/**
 * Text from devices (school IDs, host names) inside a Teams or Google Chat message: both render Markdown-like
 * formatting, links and mentions. Anything but letters, digits, spaces and `. _ , ' -` becomes `?`, and the
 * value goes inside a code span, so a school ID holding `[click](https://…)` or `<users/all>` arrives inert.
 */
export function chatValue(value: string): string {
  const safe = [...value]
    .slice(0, 64)
    .map((c) => (/[\p{L}\p{N} ._,'-]/u.test(c) ? c : '?'))
    .join('');
  return `\`${safe}\``;
}

/** A link the server made itself (its own public address and a concern number). */
export function workspaceLink(publicUrl: string | undefined, path: string): string | null {
  if (!publicUrl) return null;
  try {
    return new URL(path, publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`).toString();
  } catch {
    return null;
  }
}
