import type { AppDeps } from '../../deps';
import { retryMail, showMailOutbox } from '../handlers/mail';
import type { RouteDef } from '../route-def';

// Routes of the mail area (admin view of the outbox).
export function mailRoutes(deps: AppDeps): RouteDef[] {
  return [
    { method: 'get', path: '/admin/mail', access: 'admin', handler: showMailOutbox(deps) },
    { method: 'post', path: '/admin/mail/:message/retry', access: 'admin', handler: retryMail(deps) },
  ];
}
