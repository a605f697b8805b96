import type { AppDeps } from '../../deps';
import type { RouteDef } from '../route-def';

// Routes of the mail area (admin view of the outbox).
export function mailRoutes(_deps: AppDeps): RouteDef[] {
  return [];
}
