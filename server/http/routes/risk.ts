import type { AppDeps } from '../../deps';
import { showDashboard } from '../handlers/dashboard';
import type { RouteDef } from '../route-def';

// Routes of the risk area: dashboard, results, findings, measures, exports.
export function riskRoutes(_deps: AppDeps): RouteDef[] {
  return [{ method: 'get', path: '/committee', access: 'committee', handler: showDashboard }];
}
