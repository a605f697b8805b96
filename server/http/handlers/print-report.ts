import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import { dayOf } from '../../domain/deadlines';
import { DIMENSIONS, LEVELS } from '../../domain/dimensions';
import { countText } from '../../domain/released-cells';
import { heatmapSvg } from '../../domain/svg-heatmap';
import { trendSvg } from '../../domain/svg-trend';
import { assessmentReport, type AssessmentReport } from '../../services/register/assessment-report';
import type { reportPdf as ReportPdf } from '../../services/register/report-pdf';
import { param } from './assess-form';
import { principalOf } from '../request-context';

// pdf-lib, fontkit and the report font are loaded on the first PDF, not at start-up (peak RSS, BENCHMARKS.md).
const pdfMaker = async (): Promise<typeof ReportPdf> => (await import('../../services/register/report-pdf')).reportPdf;

// The assessment report of a unit for a period, for the committee's meeting: the print page (print CSS in
// static/css/assess.css) and the same report as a PDF.
async function load(deps: AppDeps, req: Request): Promise<AssessmentReport> {
  const now = deps.clock.now();
  return assessmentReport(deps.db, principalOf(req), now, param(req, 'period'), param(req, 'unit'), dayOf(now));
}

export function showPrintReport(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const report = await load(deps, req);
    const t = req.t;
    const bars = LEVELS.flatMap((level) => (['computed', 'decided'] as const).map((kind) => ({ level, kind, count: report.distribution[kind][level] })));
    const heatmap = heatmapSvg({
      id: 'report-heatmap', title: t('risk.heatmap.title'), desc: t('risk.heatmap.desc'), columns: DIMENSIONS.map((d) => t(`risk.dim.${d}`)),
      rows: report.posts.map((p) => ({ label: p.title, values: DIMENSIONS.map((d) => p.dims[d]) })),
    });
    const trend = trendSvg({
      id: 'report-trend', title: t('register.report.trend'), desc: t('register.report.trend_desc'), points: report.trend.map((x) => ({ label: x.period, value: x.meanR })),
      guides: [{ value: report.thresholds.high, label: t('register.level_short.high') }, { value: report.thresholds.medium, label: t('register.level_short.medium') }],
    });
    res.render('committee/print/report', {
      title: t('assess.print.title', { unit: report.unit.name, period: report.period.name }), report, bars, max: Math.max(1, ...bars.map((b) => b.count)), heatmap, trend,
      countLabel: (n: number) => countText(t, n, report.k),
      pdfHref: `/committee/print/${encodeURIComponent(report.period.key)}/${encodeURIComponent(report.unit.key)}/report.pdf`,
    });
  };
}

export function sendPrintReportPdf(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const report = await load(deps, req);
    const pdf = await (await pdfMaker())(report, req.t);
    res.set('Content-Type', 'application/pdf');
    res.set('Content-Disposition', `attachment; filename="${`report-${report.period.key}-${report.unit.key}.pdf`.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
    res.set('Cache-Control', 'no-store');
    res.send(Buffer.from(pdf));
  };
}
