import type { AppDeps } from '../../deps';
import type { RouteDef } from '../route-def';
import { adminRoutes } from './admin';
import { assessRoutes } from './assess';
import { authRoutes } from './auth';
import { homeRoutes } from './home';
import { mailRoutes } from './mail';
import { registerRoutes } from './register';
import { reportRoutes } from './report';
import { riskRoutes } from './risk';
import { surveyRoutes } from './survey';

/**
 * The route table: every route of the application with its access level, one file per area.
 * The authorisation test walks this list, so a route cannot be added without being checked.
 */
export function routeTable(deps: AppDeps): RouteDef[] {
  return [...homeRoutes(deps), ...authRoutes(deps), ...adminRoutes(deps), ...surveyRoutes(deps), ...reportRoutes(deps), ...riskRoutes(deps), ...assessRoutes(deps), ...registerRoutes(deps), ...mailRoutes(deps)];
}
