import type { AppDeps } from '../../deps';
import { logout, showLogin, submitLogin } from '../handlers/auth';
import type { RouteDef } from '../route-def';

// Committee sign-in and sign-out.
export function authRoutes(deps: AppDeps): RouteDef[] {
  return [
    { method: 'get', path: '/login', access: 'public', handler: showLogin },
    { method: 'post', path: '/login', access: 'public', handler: submitLogin(deps) },
    { method: 'post', path: '/logout', access: 'signed-in', handler: logout(deps) },
  ];
}
