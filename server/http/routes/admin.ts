import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import { showAdmin } from '../handlers/admin';
import { showParams, submitParams } from '../handlers/params';
import { showClosePeriod, showNewPeriod, showPeriod, showPeriods, showReopenPeriod, submitClosePeriod, submitNewPeriod, submitOpenPeriod, submitReopenPeriod } from '../handlers/periods';
import { showNewPost, showPost, submitNewPost, submitPost, submitPostArchived } from '../handlers/posts';
import { showNewUnit, showUnit, showUnits, submitNewUnit, submitRenameUnit, submitUnitArchived } from '../handlers/units';
import type { RouteDef } from '../route-def';

type DepsHandler = (deps: AppDeps, req: Request, res: Response) => unknown;

// Routes of the admin area: the landing page, units and their posts, periods and their model parameters. Admins only.
export function adminRoutes(deps: AppDeps): RouteDef[] {
  const d = (fn: DepsHandler) => (req: Request, res: Response) => fn(deps, req, res);
  const route = (method: 'get' | 'post', path: string, handler: RouteDef['handler']): RouteDef => ({ method, path, access: 'admin', handler });
  return [
    route('get', '/admin', showAdmin),

    route('get', '/admin/units', d(showUnits)),
    route('get', '/admin/units/new', showNewUnit),
    route('post', '/admin/units', d(submitNewUnit)),
    route('get', '/admin/units/:unit', d(showUnit)),
    route('post', '/admin/units/:unit', d(submitRenameUnit)),
    route('post', '/admin/units/:unit/archive', d(submitUnitArchived(true))),
    route('post', '/admin/units/:unit/unarchive', d(submitUnitArchived(false))),
    route('get', '/admin/units/:unit/posts', (req, res) => res.redirect(301, `/admin/units/${encodeURIComponent(String(req.params.unit))}#posts`)),
    route('get', '/admin/units/:unit/posts/new', d(showNewPost)),
    route('post', '/admin/units/:unit/posts', d(submitNewPost)),
    route('get', '/admin/units/:unit/posts/:post', d(showPost)),
    route('post', '/admin/units/:unit/posts/:post', d(submitPost)),
    route('post', '/admin/units/:unit/posts/:post/archive', d(submitPostArchived(true))),
    route('post', '/admin/units/:unit/posts/:post/unarchive', d(submitPostArchived(false))),

    route('get', '/admin/periods', d(showPeriods)),
    route('get', '/admin/periods/new', showNewPeriod),
    route('post', '/admin/periods', d(submitNewPeriod)),
    route('get', '/admin/periods/:period', d(showPeriod)),
    route('post', '/admin/periods/:period/open', d(submitOpenPeriod)),
    route('get', '/admin/periods/:period/close', d(showClosePeriod)),
    route('post', '/admin/periods/:period/close', d(submitClosePeriod)),
    route('get', '/admin/periods/:period/reopen', d(showReopenPeriod)),
    route('post', '/admin/periods/:period/reopen', d(submitReopenPeriod)),
    route('get', '/admin/periods/:period/params', d(showParams)),
    route('post', '/admin/periods/:period/params', d(submitParams)),
  ];
}
