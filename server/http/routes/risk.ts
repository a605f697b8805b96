import type { AppDeps } from '../../deps';
import type { RouteDef } from '../route-def';

// Routes of the risk area.
export function riskRoutes(_deps: AppDeps): RouteDef[] {
  return [];
}
