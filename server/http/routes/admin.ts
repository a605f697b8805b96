import type { AppDeps } from '../../deps';
import type { RouteDef } from '../route-def';

// Routes of the admin area.
export function adminRoutes(_deps: AppDeps): RouteDef[] {
  return [];
}
