import type { AccountRecord, SessionSummary, TokenSummary } from '../people/accounts';
import { ROLE_LABELS, ROLES } from '../labels';
import { MIN_PASSWORD_LENGTH } from '../people/secrets';
import { buttonForm, csrfField, html, options, type Html } from './html';
import { layout, type PageContext } from './layout';
import { flash, problem, when } from './parts';
import { cardTable } from './table';

export function loginPage(ctx: PageContext, error?: string): string {
  return layout(
    ctx,
    'Log in',
    html`<h1>Log in</h1>
      ${problem(error)}
      <form method="post" action="/login" class="stack panel" id="login-form">
        ${csrfField(ctx.csrf)} <label for="user">User name</label
        ><input type="text" id="user" name="user" autocomplete="username" required maxlength="64" /> <label for="password">Password</label
        ><input type="password" id="password" name="password" autocomplete="current-password" required maxlength="200" />
        <p class="actions"><button type="submit" class="button-primary">Log in</button></p>
      </form>`,
  );
}

const schoolsText = (a: AccountRecord) => (a.schoolIds === null ? 'Every school' : a.schoolIds.join(', '));

/** Shown once, to be handed over in person: the account's first password or a reset one. */
const secretPanel = (label: string, secret: string | undefined): Html =>
  secret
    ? html`<div class="panel" role="status" id="secret">
        <p>${label}</p>
        <p class="secret">${secret}</p>
        <p>It is shown only now.</p>
      </div>`
    : html``;

function accountFields(account: AccountRecord | null, ctx: PageContext): Html {
  const mySchools = ctx.account?.schoolIds ?? null;
  return html`<label for="displayName">Full name</label
    ><input type="text" id="displayName" name="displayName" required maxlength="100" value="${account?.displayName ?? ''}" />
    <label for="role">Role</label
    ><select id="role" name="role">
      ${options(
        ROLES.map((r) => [r, ROLE_LABELS[r]] as const),
        account?.role ?? 'deputy',
      )}
    </select>
    <label for="schools">Schools (IDs separated by commas${mySchools === null ? '; empty for every school' : ''})</label>
    <input type="text" id="schools" name="schools" maxlength="1000" value="${account?.schoolIds?.join(', ') ?? ''}" />`;
}

export function peoplePage(
  ctx: PageContext,
  accounts: AccountRecord[],
  result: { notice?: string; error?: string; password?: string },
): string {
  const body = html`<h1>People</h1>
    ${flash(result.notice)}${problem(result.error)}${secretPanel('Their first password:', result.password)}
    <p class="lede">
      One account per person: no shared logins. DSLs and deputies see everything; IT sees filtering statistics and devices, never concerns.
    </p>
    ${cardTable({
      id: 'people',
      caption: 'Accounts',
      columns: ['Name', 'User name', 'Role', 'Schools', 'State'],
      rows: accounts.map((a) => ({
        cells: [
          html`<a href="/people/${a.name}">${a.displayName}</a>`,
          a.name,
          ROLE_LABELS[a.role],
          schoolsText(a),
          a.disabledAt ? html`Disabled ${when(a.disabledAt)}` : 'Active',
        ],
      })),
    })}
    <section class="panel" aria-labelledby="add-h">
      <h2 id="add-h">Add a person</h2>
      <form method="post" action="/people" class="stack" id="add-person">
        ${csrfField(ctx.csrf)} <label for="name">User name (letters, digits, dots, hyphens)</label
        ><input type="text" id="name" name="name" required maxlength="64" pattern="[A-Za-z0-9._@-]+" />
        ${accountFields(null, ctx)}
        <p class="actions"><button type="submit" class="button-primary">Add</button></p>
      </form>
    </section>`;
  return layout(ctx, 'People', body);
}

export function personPage(
  ctx: PageContext,
  account: AccountRecord,
  result: { notice?: string; error?: string; password?: string },
): string {
  const body = html`<p><a href="/people">← People</a></p>
    <h1>${account.displayName}</h1>
    ${flash(result.notice)}${problem(result.error)}${secretPanel('Their new password:', result.password)}
    <form method="post" action="/people/${account.name}" class="stack panel" id="edit-person">
      ${csrfField(ctx.csrf)} ${accountFields(account, ctx)}
      <label
        ><input type="checkbox" name="disabled" value="yes" ${account.disabledAt ? html` checked` : ''} /> Disabled (cannot log in; their
        sessions end)</label
      >
      <p class="actions"><button type="submit" class="button-primary">Save</button></p>
    </form>
    <div class="actions">${buttonForm(`/people/${account.name}/password`, ctx.csrf, 'Reset their password')}</div>`;
  return layout(ctx, account.displayName, body);
}

export interface AccountPageView {
  tokens: TokenSummary[];
  sessions: SessionSummary[];
  notice?: string;
  error?: string;
  /** A token just made: shown once. */
  token?: string;
}

export function accountPage(ctx: PageContext, view: AccountPageView): string {
  const body = html`<h1>Your account</h1>
    ${flash(view.notice)}${problem(view.error)}
    ${
      view.token
        ? html`<div class="panel" role="status" id="new-token">
            <p>Your new API token (send it as <code>Authorization: Bearer …</code>):</p>
            <p class="secret">${view.token}</p>
            <p>It is shown only now.</p>
          </div>`
        : ''
    }
    <section class="panel" aria-labelledby="pw-h">
      <h2 id="pw-h">Change your password</h2>
      <form method="post" action="/account/password" class="stack" id="password-form">
        ${csrfField(ctx.csrf)} <label for="current">Current password</label
        ><input type="password" id="current" name="current" autocomplete="current-password" required maxlength="200" />
        <label for="next">New password (at least ${MIN_PASSWORD_LENGTH} characters)</label
        ><input
          type="password"
          id="next"
          name="next"
          autocomplete="new-password"
          required
          minlength="${MIN_PASSWORD_LENGTH}"
          maxlength="200"
        />
        <p class="actions"><button type="submit" class="button-primary">Change password</button></p>
      </form>
    </section>
    <section class="panel" aria-labelledby="tokens-h">
      <h2 id="tokens-h">API tokens</h2>
      <p>
        For the school's MIS or CPOMS integration: a token acts as you, with your role. The API is described at
        <a href="/api/openapi.json">/api/openapi.json</a>.
      </p>
      ${
        view.tokens.length
          ? html`<ul id="tokens">
              ${view.tokens.map(
                (t) =>
                  html`<li>
                    ${t.label} — made ${when(t.created_at)}, last used ${when(t.last_used_at)}
                    ${buttonForm(`/account/tokens/${t.id}/revoke`, ctx.csrf, 'Revoke')}
                  </li>`,
              )}
            </ul>`
          : html`<p class="muted">No tokens.</p>`
      }
      <form method="post" action="/account/tokens" class="filters">
        ${csrfField(ctx.csrf)}
        <div><label for="label">What the token is for</label><input type="text" id="label" name="label" required maxlength="100" /></div>
        <div><button type="submit">Make a token</button></div>
      </form>
    </section>
    <section class="panel" aria-labelledby="sessions-h">
      <h2 id="sessions-h">Where you are logged in</h2>
      <ul>
        ${view.sessions.map((s) => html`<li>Since ${when(s.created_at)}, until ${when(s.expires_at)}${s.current ? ' (this browser)' : ''}</li>`)}
      </ul>
      ${buttonForm('/account/sessions/end', ctx.csrf, 'Log out everywhere else')}
    </section>`;
  return layout(ctx, 'Your account', body);
}
