import type { AppDeps } from '../../deps';
import { showDashboard } from '../handlers/dashboard';
import { showPostRisk } from '../handlers/post-risk';
import { showResultsIndex, showUnitResults } from '../handlers/results';
import { showComparison } from '../handlers/trend';
import type { RouteDef } from '../route-def';

// Routes of the risk area: dashboard, results, one post explained, two periods compared. Unit scope is checked by the
// services (out of scope: 404).
export function riskRoutes(deps: AppDeps): RouteDef[] {
  return [
    { method: 'get', path: '/committee', access: 'committee', handler: showDashboard(deps) },
    { method: 'get', path: '/committee/results', access: 'committee', handler: showResultsIndex(deps) },
    { method: 'get', path: '/committee/results/compare', access: 'committee', handler: showComparison(deps) },
    { method: 'get', path: '/committee/results/:period/:unit', access: 'committee', handler: showUnitResults(deps) },
    { method: 'get', path: '/committee/results/:period/:unit/:post', access: 'committee', handler: showPostRisk(deps) },
  ];
}
