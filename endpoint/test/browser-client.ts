/** A tiny cookie-keeping client for the workspace pages, as a browser would use them (forms, redirects not followed). */
export function pageClient(baseUrl: string) {
  const jar = new Map<string, string>();
  const request = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${baseUrl}${path}`, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const value = pair.slice(eq + 1);
      if (value === '' || /Max-Age=0/i.test(line)) jar.delete(pair.slice(0, eq));
      else jar.set(pair.slice(0, eq), value);
    }
    return res;
  };
  const csrfFrom = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const form = (path: string, fields: Record<string, string | string[]> | [string, string][]) =>
    request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(
        Array.isArray(fields) ? fields : Object.entries(fields).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]])),
      ).toString(),
    });
  /** GETs a page and posts a form with the CSRF token the page carries. */
  const submit = async (pagePath: string, action: string, fields: Record<string, string | string[]> | [string, string][]) => {
    const token = csrfFrom(await (await request(pagePath)).text());
    return form(action, Array.isArray(fields) ? [['_csrf', token], ...fields] : { _csrf: token, ...fields });
  };
  return {
    jar,
    request,
    form,
    submit,
    csrfFrom,
    async text(path: string) {
      return (await request(path)).text();
    },
    async logIn(user: string, password: string) {
      return submit('/login', '/login', { user, password });
    },
  };
}
