import { createRoute, z } from '@hono/zod-openapi';
import { actorOf, clientOf } from '../../http/app-env.js';
import { ifMatchVersion, withEtag } from '../../http/etag.js';
import { createRouter, IdParam, json, jsonBody, noContent, problemResponses } from '../../http/openapi.js';
import { PageQuery, pageSchema } from '../../http/pagination.js';
import { clearSessionCookies, rateLimit, setSessionCookies } from '../../http/security.js';
import { ALLOWED_PARENTS } from './organisation.service.js';
import { PERMISSIONS } from './permissions.js';
import * as s from './identity.schemas.js';

const list = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item) });

/** HTTP routes of the identity module: set-up, sign-in, the own account, users, roles, org units, tokens. */
export function identityRoutes() {
  const app = createRouter();
  // Strangers can reach these two, so they are limited per client address on top of the per-account lock-out.
  const strangerLimit = rateLimit({ name: 'auth', windowMs: 60_000, max: 30 });
  // Only attempts are limited: every page load asks GET /setup whether set-up is needed.
  app.on('POST', '/setup', strangerLimit);
  app.use('/auth/login', strangerLimit);

  // --- first run ---------------------------------------------------------------------------
  app.openapi(
    createRoute({
      method: 'get',
      path: '/setup',
      tags: ['auth'],
      summary: 'Whether first-run set-up is needed',
      responses: { 200: json(z.object({ needed: z.boolean() })) },
    }),
    async (c) => c.json({ needed: await c.get('services').tenants.setupNeeded() }, 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/setup',
      tags: ['auth'],
      summary: 'Create the organisation and its first administrator (only while none exists)',
      request: jsonBody(s.SetupBody),
      responses: { 201: json(z.object({ user: s.Me }), 'Set up and signed in'), ...problemResponses },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const { tenants, auth, database } = c.get('services');
      const { user } = await tenants.setup({
        organisationName: body.organisationName,
        admin: { name: body.name, email: body.email, password: body.password, locale: body.locale },
      });
      const session = await database.withTenant(user.tenantId, (tx) =>
        auth.createSession(tx, user.tenantId, user.id, 'active', clientOf(c)),
      );
      setSessionCookies(c, session);
      const authenticated = await auth.authenticateSession(session.token);
      return c.json({ user: await auth.me(authenticated!.actor) }, 201);
    },
  );

  // --- sign-in -----------------------------------------------------------------------------
  app.openapi(
    createRoute({
      method: 'post',
      path: '/auth/login',
      tags: ['auth'],
      summary: 'Sign in with email and password',
      request: jsonBody(s.LoginBody),
      responses: { 200: json(s.LoginResult, 'Signed in, or the second factor is needed'), ...problemResponses },
    }),
    async (c) => {
      const { auth } = c.get('services');
      const session = await auth.login(c.req.valid('json'), clientOf(c));
      setSessionCookies(c, session);
      if (session.state === 'mfa') return c.json({ mfaRequired: true }, 200);
      if (session.state === 'mfa_setup') return c.json({ mfaSetupRequired: true }, 200);
      const authenticated = await auth.authenticateSession(session.token);
      return c.json({ user: await auth.me(authenticated!.actor) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/auth/mfa',
      tags: ['auth'],
      summary: 'Complete sign-in with the authenticator code',
      request: jsonBody(s.MfaBody),
      responses: { 200: json(z.object({ user: s.Me })), ...problemResponses },
    }),
    async (c) => {
      const { auth } = c.get('services');
      const session = await auth.verifyMfa(actorOf(c, { allowPending: true }), c.req.valid('json').code, clientOf(c));
      setSessionCookies(c, session);
      const authenticated = await auth.authenticateSession(session.token);
      return c.json({ user: await auth.me(authenticated!.actor) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/auth/logout',
      tags: ['auth'],
      summary: 'Sign out',
      responses: { 204: noContent, ...problemResponses },
    }),
    async (c) => {
      if (c.get('auth')) await c.get('services').auth.logout(actorOf(c, { allowPending: true }));
      clearSessionCookies(c);
      return c.body(null, 204);
    },
  );

  // --- the signed-in user ------------------------------------------------------------------
  app.openapi(
    createRoute({
      method: 'get',
      path: '/users/me',
      tags: ['account'],
      summary: 'The signed-in user, their roles and permissions',
      responses: { 200: json(s.Me), ...problemResponses },
    }),
    async (c) => c.json(withEtag(c, await c.get('services').auth.me(actorOf(c))), 200),
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/users/me',
      tags: ['account'],
      summary: 'Change your name or language',
      request: jsonBody(s.UpdateMeBody),
      responses: { 200: json(s.Me), ...problemResponses },
    }),
    async (c) => {
      const actor = actorOf(c);
      const { users, auth } = c.get('services');
      await users.updateMe(actor, c.req.valid('json'), ifMatchVersion(c));
      return c.json(withEtag(c, await auth.me(actor)), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/users/me/password',
      tags: ['account'],
      summary: 'Change your password (needs the current one)',
      request: jsonBody(s.ChangePasswordBody),
      responses: { 204: noContent, ...problemResponses },
    }),
    async (c) => {
      const { newPassword, ...reauth } = c.req.valid('json');
      await c.get('services').users.changeMyPassword(actorOf(c), reauth, newPassword);
      return c.body(null, 204);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/users/me/email',
      tags: ['account'],
      summary: 'Change your email (needs the current password)',
      request: jsonBody(s.ChangeEmailBody),
      responses: { 200: json(s.Me), ...problemResponses },
    }),
    async (c) => {
      const { email, ...reauth } = c.req.valid('json');
      const actor = actorOf(c);
      await c.get('services').users.changeMyEmail(actor, reauth, email);
      return c.json(await c.get('services').auth.me(actor), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/users/me/mfa/setup',
      tags: ['account'],
      summary: 'Start two-factor enrolment',
      request: jsonBody(s.ReauthBody),
      responses: { 200: json(s.MfaSetup), ...problemResponses },
    }),
    async (c) => c.json(await c.get('services').users.startMfaSetup(actorOf(c, { allowPending: true }), c.req.valid('json')), 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/users/me/mfa/enable',
      tags: ['account'],
      summary: 'Confirm two-factor enrolment with a code',
      request: jsonBody(s.MfaBody),
      responses: { 204: noContent, ...problemResponses },
    }),
    async (c) => {
      await c.get('services').users.enableMfa(actorOf(c, { allowPending: true }), c.req.valid('json').code);
      return c.body(null, 204);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/users/me/mfa/disable',
      tags: ['account'],
      summary: 'Turn two-factor sign-in off',
      request: jsonBody(s.ReauthBody),
      responses: { 204: noContent, ...problemResponses },
    }),
    async (c) => {
      await c.get('services').users.disableMfa(actorOf(c), c.req.valid('json'));
      return c.body(null, 204);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/users/me/sessions',
      tags: ['account'],
      summary: 'Your active sessions',
      responses: { 200: json(list(s.Session)), ...problemResponses },
    }),
    async (c) => c.json({ data: await c.get('services').auth.listSessions(actorOf(c)) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/users/me/sessions',
      tags: ['account'],
      summary: 'End all your other sessions',
      responses: { 204: noContent, ...problemResponses },
    }),
    async (c) => {
      await c.get('services').auth.endOtherSessions(actorOf(c));
      return c.body(null, 204);
    },
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/users/me/sessions/{id}',
      tags: ['account'],
      summary: 'End one of your sessions',
      request: { params: IdParam },
      responses: { 204: noContent, ...problemResponses },
    }),
    async (c) => {
      await c.get('services').auth.endSession(actorOf(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  // --- users -------------------------------------------------------------------------------
  app.openapi(
    createRoute({
      method: 'get',
      path: '/users',
      tags: ['users'],
      summary: 'List users',
      request: { query: s.UserListQuery.extend(PageQuery.shape) },
      responses: { 200: json(pageSchema(s.User)), ...problemResponses },
    }),
    async (c) => c.json(await c.get('services').users.list(actorOf(c), c.req.valid('query')), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/user-directory',
      tags: ['users'],
      summary: 'Colleagues by name or email (active users: id, name, unit), for choosing owners',
      request: { query: z.object({ q: z.string().max(100).optional() }).extend(PageQuery.shape) },
      responses: {
        200: json(pageSchema(z.object({ id: z.uuid(), name: z.string(), orgUnitId: z.uuid().nullable() }).openapi('Colleague'))),
        ...problemResponses,
      },
    }),
    async (c) => c.json(await c.get('services').users.directory(actorOf(c), c.req.valid('query')), 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/users',
      tags: ['users'],
      summary: 'Create a user',
      request: jsonBody(s.CreateUserBody),
      responses: { 201: json(s.User, 'Created'), ...problemResponses },
    }),
    async (c) => {
      const user = await c.get('services').users.create(actorOf(c), c.req.valid('json'));
      c.header('Location', `/api/v1/users/${user.id}`);
      return c.json(withEtag(c, user), 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/users/{id}',
      tags: ['users'],
      summary: 'A user',
      request: { params: IdParam },
      responses: { 200: json(s.User), ...problemResponses },
    }),
    async (c) => c.json(withEtag(c, await c.get('services').users.get(actorOf(c), c.req.valid('param').id)), 200),
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/users/{id}',
      tags: ['users'],
      summary: 'Change a user: roles, unit, manager, status (disabling ends their sessions)',
      request: { params: IdParam, ...jsonBody(s.UpdateUserBody) },
      responses: { 200: json(s.User), ...problemResponses },
    }),
    async (c) =>
      c.json(
        withEtag(c, await c.get('services').users.update(actorOf(c), c.req.valid('param').id, c.req.valid('json'), ifMatchVersion(c))),
        200,
      ),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/users/{id}/password',
      tags: ['users'],
      summary: "Set a user's password",
      request: { params: IdParam, ...jsonBody(s.ResetPasswordBody) },
      responses: { 204: noContent, ...problemResponses },
    }),
    async (c) => {
      await c.get('services').users.resetPassword(actorOf(c), c.req.valid('param').id, c.req.valid('json').newPassword);
      return c.body(null, 204);
    },
  );

  // --- roles and permissions -------------------------------------------------------------
  app.openapi(
    createRoute({
      method: 'get',
      path: '/permissions',
      tags: ['roles'],
      summary: 'The permission catalogue',
      responses: { 200: json(list(s.PermissionEntry)), ...problemResponses },
    }),
    (c) => {
      actorOf(c);
      const data = Object.entries(PERMISSIONS).map(([permission, e]) => ({
        permission,
        module: e.module,
        action: e.action,
        scoped: e.scoped,
        sensitive: e.sensitive ?? false,
      }));
      return c.json({ data }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/roles',
      tags: ['roles'],
      summary: 'List roles',
      responses: { 200: json(list(s.Role)), ...problemResponses },
    }),
    async (c) => c.json({ data: await c.get('services').organisation.listRoles(actorOf(c)) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/roles',
      tags: ['roles'],
      summary: 'Create a custom role',
      request: jsonBody(s.CreateRoleBody),
      responses: { 201: json(s.Role, 'Created'), ...problemResponses },
    }),
    async (c) => c.json(withEtag(c, await c.get('services').organisation.createRole(actorOf(c), c.req.valid('json'))), 201),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/roles/{id}',
      tags: ['roles'],
      summary: 'A role',
      request: { params: IdParam },
      responses: { 200: json(s.Role), ...problemResponses },
    }),
    async (c) => c.json(withEtag(c, await c.get('services').organisation.getRole(actorOf(c), c.req.valid('param').id)), 200),
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/roles/{id}',
      tags: ['roles'],
      summary: 'Change a role',
      request: { params: IdParam, ...jsonBody(s.UpdateRoleBody) },
      responses: { 200: json(s.Role), ...problemResponses },
    }),
    async (c) =>
      c.json(
        withEtag(
          c,
          await c.get('services').organisation.updateRole(actorOf(c), c.req.valid('param').id, c.req.valid('json'), ifMatchVersion(c)),
        ),
        200,
      ),
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/roles/{id}',
      tags: ['roles'],
      summary: 'Delete a custom role (to the recycle bin)',
      request: { params: IdParam },
      responses: { 204: noContent, ...problemResponses },
    }),
    async (c) => {
      await c.get('services').organisation.deleteRole(actorOf(c), c.req.valid('param').id, ifMatchVersion(c));
      return c.body(null, 204);
    },
  );

  // --- org units ---------------------------------------------------------------------------
  app.openapi(
    createRoute({
      method: 'get',
      path: '/org-unit-kinds',
      tags: ['organisation'],
      summary: 'The kinds of organisation unit and which kinds each may sit under',
      responses: { 200: json(list(s.OrgUnitKindRule)), ...problemResponses },
    }),
    (c) => {
      actorOf(c);
      const data = Object.entries(ALLOWED_PARENTS).map(([kind, parents]) => ({ kind: kind as keyof typeof ALLOWED_PARENTS, parents }));
      return c.json({ data }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/org-units',
      tags: ['organisation'],
      summary: 'The organisation chart',
      responses: { 200: json(list(s.OrgUnit)), ...problemResponses },
    }),
    async (c) => c.json({ data: await c.get('services').organisation.listOrgUnits(actorOf(c)) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/org-units',
      tags: ['organisation'],
      summary: 'Add a unit',
      request: jsonBody(s.CreateOrgUnitBody),
      responses: { 201: json(s.OrgUnit, 'Created'), ...problemResponses },
    }),
    async (c) => c.json(withEtag(c, await c.get('services').organisation.createOrgUnit(actorOf(c), c.req.valid('json'))), 201),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/org-units/{id}',
      tags: ['organisation'],
      summary: 'A unit',
      request: { params: IdParam },
      responses: { 200: json(s.OrgUnit), ...problemResponses },
    }),
    async (c) => c.json(withEtag(c, await c.get('services').organisation.getOrgUnit(actorOf(c), c.req.valid('param').id)), 200),
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/org-units/{id}',
      tags: ['organisation'],
      summary: 'Rename or move a unit',
      request: { params: IdParam, ...jsonBody(s.UpdateOrgUnitBody) },
      responses: { 200: json(s.OrgUnit), ...problemResponses },
    }),
    async (c) =>
      c.json(
        withEtag(
          c,
          await c.get('services').organisation.updateOrgUnit(actorOf(c), c.req.valid('param').id, c.req.valid('json'), ifMatchVersion(c)),
        ),
        200,
      ),
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/org-units/{id}',
      tags: ['organisation'],
      summary: 'Delete a unit (to the recycle bin)',
      request: { params: IdParam },
      responses: { 204: noContent, ...problemResponses },
    }),
    async (c) => {
      await c.get('services').organisation.deleteOrgUnit(actorOf(c), c.req.valid('param').id, ifMatchVersion(c));
      return c.body(null, 204);
    },
  );

  // --- API tokens --------------------------------------------------------------------------
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api-tokens',
      tags: ['api-tokens'],
      summary: 'List API tokens',
      responses: { 200: json(list(s.ApiToken)), ...problemResponses },
    }),
    async (c) => c.json({ data: await c.get('services').apiTokens.list(actorOf(c)) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api-tokens',
      tags: ['api-tokens'],
      summary: 'Create an API token (answered once)',
      request: jsonBody(s.CreateApiTokenBody),
      responses: { 201: json(s.CreatedApiToken, 'Created'), ...problemResponses },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const token = await c
        .get('services')
        .apiTokens.create(actorOf(c), { ...body, expiresAt: body.expiresAt ? new Date(body.expiresAt) : null });
      return c.json(token, 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api-tokens/{id}',
      tags: ['api-tokens'],
      summary: 'Revoke an API token',
      request: { params: IdParam },
      responses: { 204: noContent, ...problemResponses },
    }),
    async (c) => {
      await c.get('services').apiTokens.revoke(actorOf(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  // --- the tenant --------------------------------------------------------------------------
  app.openapi(
    createRoute({
      method: 'get',
      path: '/tenant',
      tags: ['organisation'],
      summary: 'Organisation settings',
      responses: { 200: json(s.Tenant), ...problemResponses },
    }),
    async (c) => c.json(withEtag(c, await c.get('services').tenants.get(actorOf(c))), 200),
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/tenant',
      tags: ['organisation'],
      summary: 'Change organisation settings',
      request: jsonBody(s.UpdateTenantBody),
      responses: { 200: json(s.Tenant), ...problemResponses },
    }),
    async (c) => c.json(withEtag(c, await c.get('services').tenants.update(actorOf(c), c.req.valid('json'), ifMatchVersion(c))), 200),
  );
  return app;
}
