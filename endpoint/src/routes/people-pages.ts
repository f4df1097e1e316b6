import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audit } from '../audit';
import { ROLES } from '../labels';
import { checkPassword, createApiToken, listApiTokens, listSessions, revokeApiToken, setPassword } from '../people/accounts';
import { MIN_PASSWORD_LENGTH, sha256Hex } from '../people/secrets';
import { addPerson, changePerson, endOtherSessions, PeopleError, resetPassword, USER_NAME, visiblePeople } from '../people/service';
import { accountPage, peoplePage, personPage } from '../pages/people';
import { messagePage } from '../pages/layout';
import { accountOf, pageAuth, pageContext, sendPage, SESSION_COOKIE, type AppContext } from '../web/context';

const csrf = { _csrf: z.string().optional() };
const personFields = { displayName: z.string().max(100), role: z.enum(ROLES), schools: z.string().max(1000).default('') };
const nameParams = z.object({ name: z.string().regex(USER_NAME) });

/** People (accounts, for DSLs and deputies) and "Your account" (password, API tokens, sessions) for everyone. */
export async function registerPeoplePages(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const hide = { hide: true };
  const people = pageAuth(ctx, 'people');

  const showPeople = async (
    request: FastifyRequest,
    reply: FastifyReply,
    result: { notice?: string; error?: string; password?: string },
    status = 200,
  ) => sendPage(reply, peoplePage(pageContext(request, reply), await visiblePeople(ctx.db, accountOf(request)), result), status);
  const showPerson = async (
    request: FastifyRequest,
    reply: FastifyReply,
    name: string,
    result: { notice?: string; error?: string; password?: string },
  ) => {
    const person = (await visiblePeople(ctx.db, accountOf(request))).find((p) => p.name === name);
    if (!person)
      return sendPage(reply, messagePage(pageContext(request, reply), 'Not found', 'There is no such account you can manage.'), 404);
    return sendPage(reply, personPage(pageContext(request, reply), person, result), result.error ? 400 : 200);
  };

  r.get('/people', { schema: hide, preHandler: people }, async (request, reply) => showPeople(request, reply, {}));
  r.post(
    '/people',
    {
      schema: { ...hide, body: z.object({ ...csrf, name: z.string().max(64), ...personFields }) },
      preHandler: [people, app.csrfProtection],
    },
    async (request, reply) => {
      const { name, displayName, role, schools } = request.body;
      try {
        const password = await addPerson(ctx.db, accountOf(request), { name, displayName, role, schools }, ctx.now());
        return showPeople(request, reply, { notice: `Added ${displayName} (${name}).`, password });
      } catch (error) {
        if (error instanceof PeopleError) return showPeople(request, reply, { error: error.message }, error.status);
        throw error;
      }
    },
  );
  r.get('/people/:name', { schema: { ...hide, params: nameParams }, preHandler: people }, async (request, reply) =>
    showPerson(request, reply, request.params.name, {}),
  );
  r.post(
    '/people/:name',
    {
      schema: { ...hide, params: nameParams, body: z.object({ ...csrf, ...personFields, disabled: z.literal('yes').optional() }) },
      preHandler: [people, app.csrfProtection],
    },
    async (request, reply) => {
      const { displayName, role, schools, disabled } = request.body;
      try {
        await changePerson(
          ctx.db,
          accountOf(request),
          request.params.name,
          { displayName, role, schools, disabled: disabled === 'yes' },
          ctx.now(),
        );
        return showPerson(request, reply, request.params.name, { notice: 'Saved.' });
      } catch (error) {
        if (error instanceof PeopleError) return showPerson(request, reply, request.params.name, { error: error.message });
        throw error;
      }
    },
  );
  r.post(
    '/people/:name/password',
    { schema: { ...hide, params: nameParams, body: z.object(csrf) }, preHandler: [people, app.csrfProtection] },
    async (request, reply) => {
      try {
        const password = await resetPassword(ctx.db, accountOf(request), request.params.name, ctx.now());
        return showPerson(request, reply, request.params.name, { notice: 'Password reset; their sessions ended.', password });
      } catch (error) {
        if (error instanceof PeopleError) return showPerson(request, reply, request.params.name, { error: error.message });
        throw error;
      }
    },
  );

  const showAccount = async (
    request: FastifyRequest,
    reply: FastifyReply,
    result: { notice?: string; error?: string; token?: string } = {},
    status = 200,
  ) => {
    const account = accountOf(request);
    const view = {
      tokens: await listApiTokens(ctx.db, account.name),
      sessions: await listSessions(ctx.db, account.name, request.cookies[SESSION_COOKIE], ctx.now()),
      ...result,
    };
    return sendPage(reply, accountPage(pageContext(request, reply), view), status);
  };
  const signedIn = pageAuth(ctx);
  r.get('/account', { schema: hide, preHandler: signedIn }, async (request, reply) => showAccount(request, reply));
  r.post(
    '/account/password',
    {
      schema: { ...hide, body: z.object({ ...csrf, current: z.string().max(200), next: z.string().max(200) }) },
      preHandler: [signedIn, app.csrfProtection],
    },
    async (request, reply) => {
      const account = accountOf(request);
      if (request.body.next.length < MIN_PASSWORD_LENGTH) {
        return showAccount(request, reply, { error: `The new password needs at least ${MIN_PASSWORD_LENGTH} characters.` }, 400);
      }
      if (!(await checkPassword(ctx.db, account.name, request.body.current)))
        return showAccount(request, reply, { error: 'The current password is wrong.' }, 400);
      await setPassword(ctx.db, account.name, request.body.next);
      await audit(ctx.db, { actor: account.name, action: 'password-changed' }, ctx.now());
      // Changing the password ends every session, this one too.
      return reply.code(303).header('location', '/login').send();
    },
  );
  r.post(
    '/account/tokens',
    {
      schema: { ...hide, body: z.object({ ...csrf, label: z.string().trim().min(1).max(100) }) },
      preHandler: [signedIn, app.csrfProtection],
    },
    async (request, reply) => {
      const account = accountOf(request);
      const { token } = await createApiToken(ctx.db, account.name, request.body.label, ctx.now());
      await audit(ctx.db, { actor: account.name, action: 'token-created', target: request.body.label }, ctx.now());
      return showAccount(request, reply, { token, notice: 'Token made.' });
    },
  );
  r.post(
    '/account/tokens/:id/revoke',
    {
      schema: { ...hide, params: z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) }), body: z.object(csrf) },
      preHandler: [signedIn, app.csrfProtection],
    },
    async (request, reply) => {
      const account = accountOf(request);
      const label = await revokeApiToken(ctx.db, account.name, request.params.id, ctx.now());
      if (label) await audit(ctx.db, { actor: account.name, action: 'token-revoked', target: label }, ctx.now());
      return showAccount(request, reply, { notice: label ? `Revoked “${label}”.` : 'No such token.' });
    },
  );
  r.post(
    '/account/sessions/end',
    { schema: { ...hide, body: z.object(csrf) }, preHandler: [signedIn, app.csrfProtection] },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      await endOtherSessions(ctx.db, accountOf(request), token ? sha256Hex(token) : null, ctx.now());
      return showAccount(request, reply, { notice: 'Logged out everywhere else.' });
    },
  );
}
