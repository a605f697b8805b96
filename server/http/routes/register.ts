import type { AppDeps } from '../../deps';
import { saveDecision, showDecisionBoard, showDecisionForm } from '../handlers/register/decisions';
import { completeProcedureStep, reopenProcedureStep, showProcedure } from '../handlers/register/procedure';
import { downloadRegister, showPublication } from '../handlers/register/publication';
import { showTeam } from '../handlers/register/team';
import { showRegisterHome } from '../handlers/register/register-home';
import { changeLink } from '../handlers/register/risk-point-links';
import { addRiskPoint, editRiskPoint, newRiskPoint, retireRiskPoint, saveRiskPoint, showRiskPoint, showRiskPoints } from '../handlers/register/risk-points';
import type { RouteDef } from '../route-def';

// Routes of the register area: risk points per post (个人查找 and upkeep), the procedure per (period, unit), decisions,
// the published register, the team view and the register's files. Access within a unit is decided by registerAccess.
export function registerRoutes(deps: AppDeps): RouteDef[] {
  const points = '/committee/units/:unit/posts/:post/risk-points';
  const point = `${points}/:point`;
  const unit = '/committee/register/:period/:unit';
  return [
    { method: 'get', path: '/committee/register', access: 'committee', handler: showRegisterHome(deps) },
    { method: 'get', path: points, access: 'committee', handler: showRiskPoints(deps) },
    { method: 'get', path: `${points}/new`, access: 'committee', handler: newRiskPoint(deps) },
    { method: 'post', path: points, access: 'committee', handler: addRiskPoint(deps) },
    { method: 'get', path: point, access: 'committee', handler: showRiskPoint(deps) },
    { method: 'get', path: `${point}/edit`, access: 'committee', handler: editRiskPoint(deps) },
    { method: 'post', path: point, access: 'committee', handler: saveRiskPoint(deps) },
    { method: 'post', path: `${point}/retire`, access: 'committee', handler: retireRiskPoint(deps, true) },
    { method: 'post', path: `${point}/restore`, access: 'committee', handler: retireRiskPoint(deps, false) },
    { method: 'post', path: `${point}/links`, access: 'committee', handler: changeLink(deps, true) },
    { method: 'post', path: `${point}/links/delete`, access: 'committee', handler: changeLink(deps, false) },

    { method: 'get', path: unit, access: 'committee', handler: showProcedure(deps) },
    { method: 'post', path: `${unit}/steps/:step`, access: 'committee', handler: completeProcedureStep(deps) },
    { method: 'post', path: `${unit}/steps/:step/reopen`, access: 'admin', handler: reopenProcedureStep(deps) },
    { method: 'get', path: `${unit}/decisions`, access: 'committee', handler: showDecisionBoard(deps) },
    { method: 'get', path: `${unit}/decisions/:post`, access: 'committee', handler: showDecisionForm(deps) },
    { method: 'post', path: `${unit}/decisions/:post`, access: 'committee', handler: saveDecision(deps) },
    { method: 'get', path: `${unit}/publication`, access: 'committee', handler: showPublication(deps) },
    { method: 'get', path: `${unit}/team`, access: 'committee', handler: showTeam(deps) },
    { method: 'get', path: `${unit}/register.xlsx`, access: 'committee', handler: downloadRegister(deps, 'xlsx') },
    { method: 'get', path: `${unit}/register.csv`, access: 'committee', handler: downloadRegister(deps, 'csv') },
    { method: 'get', path: `${unit}/register.json`, access: 'committee', handler: downloadRegister(deps, 'json') },
  ];
}
