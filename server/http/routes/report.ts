import type { AppDeps } from '../../deps';
import type { RouteDef } from '../route-def';

// Routes of the report area.
export function reportRoutes(_deps: AppDeps): RouteDef[] {
  return [];
}
