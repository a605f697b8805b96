import type { AppDeps } from '../../deps';
import type { RouteDef } from '../route-def';

// Routes of the assessment-inputs area: findings, measures, AHP weights, exports, print report.
export function assessRoutes(_deps: AppDeps): RouteDef[] {
  return [];
}
