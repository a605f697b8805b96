import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import type { AppDeps } from './deps';
import { committeeAccessLog } from './http/middleware/access-log';
import { errorHandler, notFound } from './http/middleware/errors';
import { formBodiesOnly } from './http/middleware/form-bodies';
import { noStore } from './http/middleware/no-store';
import { language, languageSwitch } from './http/middleware/language';
import { sameOrigin } from './http/middleware/same-origin';
import { securityHeaders } from './http/middleware/security-headers';
import { requireAccess, session, verifyCsrf } from './http/middleware/session';
import { asyncHandler, type RouteDef } from './http/route-def';
import { routeTable } from './http/routes';
import { FIELD_LIMITS } from './http/field-limits';
import { STATIC_DIR, VIEWS_DIR } from './paths';

export const BODY_LIMIT = '256kb';

function mount(app: Express, route: RouteDef): void {
  // Committee pages, and the sign-in form that leads to them, are never stored by a cache (DESIGN.md §5).
  const committee = route.access !== 'public' || route.path.startsWith('/login');
  const chain = [...(committee ? [noStore] : []), requireAccess(route.access), ...(route.before ?? []).map(asyncHandler)];
  if (route.access !== 'public') chain.push(verifyCsrf);
  if (route.method === 'post') chain.push(languageSwitch);
  app[route.method](route.path, ...chain, asyncHandler(route.handler));
}

/** Builds the application without listening (tests import it; main.ts listens). No I/O here. */
export function createApp(deps: AppDeps, routes: RouteDef[] = routeTable(deps)): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy);
  app.set('views', VIEWS_DIR);
  app.set('view engine', 'ejs');
  app.set('query parser', 'simple');
  app.locals.limits = FIELD_LIMITS;
  if (deps.config.production) app.enable('view cache');

  app.use(securityHeaders({ https: deps.config.secureCookies }));
  app.use('/static', express.static(STATIC_DIR, { maxAge: '1h', index: false }));
  app.use(cookieParser());
  app.use(language);
  app.use(express.urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: 3000 }));
  app.use(formBodiesOnly);
  app.use(sameOrigin(deps.config.baseUrl));
  app.use(session(deps));
  app.use(committeeAccessLog(deps.logger));

  for (const route of routes) mount(app, route);

  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
