import type { AppDeps } from '../../deps';
import { healthz, readyz } from '../handlers/health';
import { sendFavicon, showHome, switchLanguage } from '../handlers/home';
import type { RouteDef } from '../route-def';

export function homeRoutes(deps: AppDeps): RouteDef[] {
  return [
    { method: 'get', path: '/', access: 'public', handler: showHome },
    { method: 'get', path: '/lang/:lang', access: 'public', handler: switchLanguage },
    { method: 'get', path: '/favicon.ico', access: 'public', handler: sendFavicon },
    { method: 'get', path: '/healthz', access: 'public', handler: healthz },
    { method: 'get', path: '/readyz', access: 'public', handler: readyz(deps) },
  ];
}
