import { ROLE_LABELS } from '../labels';
import { can, type Account, type Permission } from '../people/permissions';
import { csrfField, html, type Html } from './html';

export interface PageContext {
  account: Account | null;
  /** The CSRF token for this page's forms. */
  csrf: string;
  /** The request path, to mark the current section in the navigation. */
  path: string;
}

const SECTIONS: { href: string; label: string; permission: Permission }[] = [
  { href: '/', label: 'Needs action', permission: 'concerns' },
  { href: '/concerns', label: 'All concerns', permission: 'concerns' },
  { href: '/devices', label: 'Devices', permission: 'devices' },
  { href: '/filtering', label: 'Filtering', permission: 'filtering' },
  { href: '/event-log', label: 'Events', permission: 'events' },
  { href: '/reports', label: 'Reports', permission: 'reports' },
  { href: '/unlock-code', label: 'Unlock code', permission: 'unlock-code' },
  { href: '/people', label: 'People', permission: 'people' },
  { href: '/settings', label: 'Settings', permission: 'settings' },
  { href: '/audit', label: 'Audit', permission: 'audit' },
];

const current = (href: string, path: string) => (href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`));

/** The page shell: skip link, header with the signed-in person, navigation by role, then the page. */
export function layout(ctx: PageContext, title: string, body: Html): string {
  const account = ctx.account;
  const nav = account
    ? html`<nav aria-label="Workspace">
        <ul>
          ${SECTIONS.filter((s) => can(account, s.permission)).map(
            (s) => html`<li><a href="${s.href}" ${current(s.href, ctx.path) ? html` aria-current="page"` : ''}>${s.label}</a></li>`,
          )}
          <li><a href="/account" ${current('/account', ctx.path) ? html` aria-current="page"` : ''}>Your account</a></li>
        </ul>
      </nav>`
    : '';
  const who = account
    ? html`<form method="post" action="/logout" class="who">
        ${csrfField(ctx.csrf)}<span>${account.displayName} · ${ROLE_LABELS[account.role]}</span>
        <button type="submit" class="button-plain">Log out</button>
      </form>`
    : '';
  return `<!doctype html>${html`<html lang="en-GB">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width,initial-scale=1" />
      <title>${title} — School Safeguard</title>
      <link rel="stylesheet" href="/static/workspace.css" />
    </head>
    <body>
      <a class="skip" href="#main">Skip to the page</a>
      <header>
        <p class="brand">School Safeguard <span>safeguarding workspace</span></p>
        ${who}
      </header>
      ${nav}
      <main id="main">${body}</main>
    </body>
  </html>`}`;
}

/** A short message page (not found, not allowed, out-of-date form) with a way back. */
export function messagePage(ctx: PageContext, title: string, message: string): string {
  return layout(
    ctx,
    title,
    html`<h1>${title}</h1>
      <p role="alert">${message}</p>
      <p><a href="/">Back to the workspace</a></p>`,
  );
}
