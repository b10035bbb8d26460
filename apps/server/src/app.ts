import fs from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { bodyLimit } from 'hono/body-limit';
import { except } from 'hono/combine';
import { secureHeaders } from 'hono/secure-headers';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import type { AppEnv } from './http/app-env.js';
import { docsRoutes } from './http/docs.js';
import { AppError, problemResponse } from './http/errors.js';
import { idempotency } from './http/idempotency.js';
import { createRouter } from './http/openapi.js';
import { authenticate } from './http/security.js';
import { JobQueue } from './jobs/job-queue.js';
import { ContactsService } from './modules/customers/contacts.service.js';
import { CustomFieldsService } from './modules/customers/custom-fields.service.js';
import { CustomerViewsService } from './modules/customers/customer-views.service.js';
import { customerRoutes } from './modules/customers/customers.routes.js';
import { CustomersService } from './modules/customers/customers.service.js';
import { demoRoutes } from './modules/customers/demo.routes.js';
import { DemoService } from './modules/customers/demo.service.js';
import { duplicateRoutes } from './modules/customers/duplicates.routes.js';
import { DuplicatesService } from './modules/customers/duplicates.service.js';
import { IMPORT_UPLOAD_PATH, importRoutes } from './modules/customers/imports.routes.js';
import { ImportsService } from './modules/customers/imports.service.js';
import { MergesService } from './modules/customers/merges.service.js';
import { MergeHookRegistry } from './modules/customers/merge-hooks.js';
import { ApiTokensService } from './modules/identity/api-tokens.service.js';
import { AuthService } from './modules/identity/auth.service.js';
import { identityRoutes } from './modules/identity/identity.routes.js';
import { OrganisationService } from './modules/identity/organisation.service.js';
import { TenantsService } from './modules/identity/tenants.service.js';
import { UsersService } from './modules/identity/users.service.js';
import { EventDispatcher } from './modules/platform/events.js';
import { PlatformService } from './modules/platform/platform.service.js';
import { platformRoutes } from './modules/platform/platform.routes.js';
import { TrashRegistry } from './modules/platform/recycle-bin.js';
import { SearchRegistry } from './modules/platform/search.js';
import { webhookRoutes } from './modules/platform/webhooks.routes.js';
import { WebhooksService } from './modules/platform/webhooks.service.js';
import { interactionRoutes } from './modules/interactions/interactions.routes.js';
import { InteractionsService } from './modules/interactions/interactions.service.js';
import { TasksService } from './modules/interactions/tasks.service.js';
import { CtiService } from './modules/interactions/cti.service.js';
import { ContactReportsService } from './modules/interactions/contact-reports.service.js';
import { notificationRoutes } from './modules/platform/notifications.routes.js';
import { NotificationsService } from './modules/platform/notifications.service.js';
import { TimelineService } from './modules/interactions/timeline.service.js';
import type { ServiceDeps } from './services.js';

export const VERSION = '0.1.0';
/** Larger bodies are refused before they are read; imports upload files through their own route. */
export const MAX_JSON_BODY = 1024 * 1024;

/** Every service of every module, built once per process (or per test). */
export function createServices(deps: ServiceDeps) {
  const trash = new TrashRegistry();
  const search = new SearchRegistry();
  const events = new EventDispatcher(deps);
  const jobQueue = new JobQueue();
  const tenants = new TenantsService(deps);
  const mergeHooks = new MergeHookRegistry();
  const customers = new CustomersService(deps, { trash, search, mergeHooks });
  const timeline = new TimelineService(deps, { customers, events, mergeHooks });
  const notifications = new NotificationsService(deps);
  const tasks = new TasksService(deps, { customers, timeline, trash, mergeHooks, notifications });
  const interactions = new InteractionsService(deps, { customers, tasks, timeline, trash, mergeHooks, notifications });
  return {
    ...deps,
    trash,
    search,
    events,
    jobQueue,
    tenants,
    auth: new AuthService(deps),
    users: new UsersService(deps),
    organisation: new OrganisationService(deps, trash),
    apiTokens: new ApiTokensService(deps),
    platform: new PlatformService(deps, trash),
    webhooks: new WebhooksService(deps, { events, tenants, trash, jobQueue }),
    mergeHooks,
    customers,
    contacts: new ContactsService(deps, customers, trash),
    customFields: new CustomFieldsService(deps, trash),
    customerViews: new CustomerViewsService(deps),
    duplicates: new DuplicatesService(deps, { jobQueue }),
    merges: new MergesService(deps, { customers, mergeHooks }),
    demo: new DemoService(deps, { customers }),
    imports: new ImportsService(deps, { customers, jobQueue }),
    timeline,
    tasks,
    interactions,
    notifications,
    contactReports: new ContactReportsService(deps, { mergeHooks }),
    cti: new CtiService(deps, { customers, interactions, notifications, mergeHooks }),
  };
}
export type Services = ReturnType<typeof createServices>;

/** Builds the HTTP application; `main.ts` listens with it, tests call `app.request()`. */
export function createApp(services: Services) {
  const app = createRouter();
  app.onError((err, c) => problemResponse(c, err));
  app.use('*', async (c, next) => {
    c.set('services', services);
    await next();
  });
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    }),
  );

  app.use(
    '/api/*',
    // Import uploads stream to disk under their own limit (ImportsService); this one would buffer them whole.
    except(
      (c) => c.req.method === 'POST' && c.req.path === IMPORT_UPLOAD_PATH,
      bodyLimit({
        maxSize: MAX_JSON_BODY,
        onError: () => {
          throw new AppError('payload_too_large', `The request body is larger than ${MAX_JSON_BODY / 1024} KiB.`, {
            reason: 'payload_too_large',
            params: { kib: MAX_JSON_BODY / 1024 },
          });
        },
      }),
    ),
  );
  app.get('/api/health', async (c) => {
    await services.database.query('select 1');
    return c.json({ status: 'ok', database: services.database.kind, version: VERSION });
  });

  const v1 = createRouter();
  v1.use('*', authenticate);
  v1.use('*', idempotency);
  v1.route('/', identityRoutes());
  v1.route('/', platformRoutes());
  v1.route('/', webhookRoutes());
  v1.route('/', customerRoutes());
  v1.route('/', duplicateRoutes());
  v1.route('/', demoRoutes());
  v1.route('/', importRoutes());
  v1.route('/', interactionRoutes());
  v1.route('/', notificationRoutes());
  app.route('/api/v1', v1);

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Rapport API', version: VERSION, description: 'The HTTP API of Rapport, the CRM. Errors are RFC 9457 problem+json.' },
    servers: [{ url: '/' }],
    security: [{ session: [] }, { bearer: [] }],
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'rapport_session' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.route('/api/docs', docsRoutes());
  app.all('/api/*', () => {
    throw new AppError('not_found', 'No such API route.', { reason: 'route_not_found' });
  });

  serveWeb(app, services.config);
  return app;
}

/** The built web UI, with every other path answered by index.html so client-side routes work on reload. */
function serveWeb(app: ReturnType<typeof createRouter>, config: Config) {
  const index = path.join(config.webDist, 'index.html');
  if (fs.existsSync(index)) app.use('*', serveStatic({ root: path.relative(process.cwd(), config.webDist) || '.' }));
  app.get('*', (c) => {
    if (!fs.existsSync(index)) return c.text('The web UI is not built. Run `npm run build` (npm start does it for you).', 503);
    return c.html(fs.readFileSync(index, 'utf8'));
  });
}

export type { Clock, Database, AppEnv };
