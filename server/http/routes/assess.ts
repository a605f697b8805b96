import type { AppDeps } from '../../deps';
import { showAhp, submitAhp } from '../handlers/ahp';
import { exportMeasuresCsv, exportReportStatsCsv, exportResultsCsv, showExports } from '../handlers/exports';
import { addFinding, editFinding, removeFinding, saveFinding, showFindings } from '../handlers/findings';
import { addMeasure, editMeasure, newMeasure, removeMeasure, saveMeasure, showPostMeasures, showRegister } from '../handlers/measures';
import { sendPrintReportPdf, showPrintReport } from '../handlers/print-report';
import type { RouteDef } from '../route-def';

// Routes of the assessment-inputs area: findings, measures, AHP weights, exports, print report.
export function assessRoutes(deps: AppDeps): RouteDef[] {
  const findings = '/committee/units/:unit/posts/:post/findings';
  const measures = '/committee/measures/:unit/:post';
  return [
    { method: 'get', path: findings, access: 'committee', handler: showFindings(deps) },
    { method: 'post', path: findings, access: 'committee', handler: addFinding(deps) },
    { method: 'get', path: `${findings}/:finding/edit`, access: 'committee', handler: editFinding(deps) },
    { method: 'post', path: `${findings}/:finding`, access: 'committee', handler: saveFinding(deps) },
    { method: 'post', path: `${findings}/:finding/delete`, access: 'committee', handler: removeFinding(deps) },

    { method: 'get', path: '/committee/measures', access: 'committee', handler: showRegister(deps) },
    { method: 'get', path: measures, access: 'committee', handler: showPostMeasures(deps) },
    { method: 'get', path: `${measures}/new`, access: 'committee', handler: newMeasure(deps) },
    { method: 'post', path: measures, access: 'committee', handler: addMeasure(deps) },
    { method: 'get', path: `${measures}/:measure/edit`, access: 'committee', handler: editMeasure(deps) },
    { method: 'post', path: `${measures}/:measure`, access: 'committee', handler: saveMeasure(deps) },
    { method: 'post', path: `${measures}/:measure/delete`, access: 'committee', handler: removeMeasure(deps) },

    { method: 'get', path: '/admin/periods/:period/ahp', access: 'admin', handler: showAhp(deps) },
    { method: 'post', path: '/admin/periods/:period/ahp', access: 'admin', handler: submitAhp(deps) },

    { method: 'get', path: '/committee/exports', access: 'committee', handler: showExports(deps) },
    { method: 'get', path: '/committee/exports/measures.csv', access: 'committee', handler: exportMeasuresCsv(deps) },
    { method: 'get', path: '/committee/exports/:period/report-statistics.csv', access: 'committee', handler: exportReportStatsCsv(deps) },
    { method: 'get', path: '/committee/exports/:period/:unit/results.csv', access: 'committee', handler: exportResultsCsv(deps) },
    { method: 'get', path: '/committee/print/:period/:unit', access: 'committee', handler: showPrintReport(deps) },
    { method: 'get', path: '/committee/print/:period/:unit/report.pdf', access: 'committee', handler: sendPrintReportPdf(deps) },
  ];
}
