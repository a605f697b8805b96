import type { AppDeps } from '../../deps';
import type { RouteDef } from '../route-def';

// Routes of the survey area.
export function surveyRoutes(_deps: AppDeps): RouteDef[] {
  return [];
}
