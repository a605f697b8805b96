import type { AppDeps } from '../../deps';
import { showAdmin } from '../handlers/admin';
import { showParams, submitParams } from '../handlers/params';
import { showClosePeriod, showNewPeriod, showPeriod, showPeriods, showReopenPeriod, submitClosePeriod, submitNewPeriod, submitOpenPeriod, submitReopenPeriod } from '../handlers/periods';
import { showNewPost, showPost, submitNewPost, submitPost, submitPostArchived } from '../handlers/posts';
import { showNewUnit, showUnit, showUnits, submitNewUnit, submitRenameUnit, submitUnitArchived } from '../handlers/units';
import type { RouteDef } from '../route-def';

// Routes of the admin area: the landing page, units and their posts, periods and their model parameters. Admins only.
export function adminRoutes(deps: AppDeps): RouteDef[] {
  const route = (method: 'get' | 'post', path: string, handler: RouteDef['handler']): RouteDef => ({ method, path, access: 'admin', handler });
  return [
    route('get', '/admin', showAdmin),

    route('get', '/admin/units', showUnits(deps)),
    route('get', '/admin/units/new', showNewUnit),
    route('post', '/admin/units', submitNewUnit(deps)),
    route('get', '/admin/units/:unit', showUnit(deps)),
    route('post', '/admin/units/:unit', submitRenameUnit(deps)),
    route('post', '/admin/units/:unit/archive', submitUnitArchived(deps, true)),
    route('post', '/admin/units/:unit/unarchive', submitUnitArchived(deps, false)),
    route('get', '/admin/units/:unit/posts', (req, res) => res.redirect(301, `/admin/units/${encodeURIComponent(String(req.params.unit))}#posts`)),
    route('get', '/admin/units/:unit/posts/new', showNewPost(deps)),
    route('post', '/admin/units/:unit/posts', submitNewPost(deps)),
    route('get', '/admin/units/:unit/posts/:post', showPost(deps)),
    route('post', '/admin/units/:unit/posts/:post', submitPost(deps)),
    route('post', '/admin/units/:unit/posts/:post/archive', submitPostArchived(deps, true)),
    route('post', '/admin/units/:unit/posts/:post/unarchive', submitPostArchived(deps, false)),

    route('get', '/admin/periods', showPeriods(deps)),
    route('get', '/admin/periods/new', showNewPeriod),
    route('post', '/admin/periods', submitNewPeriod(deps)),
    route('get', '/admin/periods/:period', showPeriod(deps)),
    route('post', '/admin/periods/:period/open', submitOpenPeriod(deps)),
    route('get', '/admin/periods/:period/close', showClosePeriod(deps)),
    route('post', '/admin/periods/:period/close', submitClosePeriod(deps)),
    route('get', '/admin/periods/:period/reopen', showReopenPeriod(deps)),
    route('post', '/admin/periods/:period/reopen', submitReopenPeriod(deps)),
    route('get', '/admin/periods/:period/params', showParams(deps)),
    route('post', '/admin/periods/:period/params', submitParams(deps)),
  ];
}
