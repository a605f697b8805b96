import { countText } from '../../domain/released-cells';
import { PDFDocument } from 'pdf-lib';
import { DIMENSIONS, LEVELS, type RiskLevel } from '../../domain/dimensions';
import { isOverride } from '../../domain/register/decision-rules';
import { LEVEL_COLOURS } from '../../domain/svg-common';
import { heatColour } from '../../domain/svg-heatmap';
import type { Translate } from '../../i18n';
import type { AssessmentReport } from './assessment-report';
import { fontkitForPdfLib } from './pdf-fontkit';
import { PdfFlow } from './pdf-layout';
import { reportFontBytes } from './pdf-font';

// The assessment report as a PDF (pdf-lib, Noto Sans SC embedded as a subset): the same sections as the print page,
// in the viewer's language.

export async function reportPdf(r: AssessmentReport, t: Translate): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkitForPdfLib);
  const font = await doc.embedFont(reportFontBytes(), { subset: true });
  const title = t('assess.print.title', { unit: r.unit.name, period: r.period.name });
  doc.setTitle(title);
  doc.setCreator('Qingfeng');
  const f = new PdfFlow(doc, font);
  const lv = (l: RiskLevel | null) => (l ? t(`register.level_short.${l}`) : t('register.level.undecided'));
  const count = (n: number) => countText(t, n, r.k);

  f.paragraph(title, 16, '#0b3d5c');
  f.paragraph(`${t('assess.print.period_dates', { start: r.period.startsOn, end: r.period.endsOn })} · ${t('assess.print.generated_on', { date: r.generatedOn })}`, 9, '#4a5360');
  if (r.withheld > 0) f.paragraph(t('risk.unit.withheld', { n: r.withheld }), 9);

  f.heading(t('register.report.summary'));
  f.paragraph(t('register.report.summary_text', {
    posts: r.summary.posts, points: r.summary.riskPoints, responses: count(r.responses), decided: r.summary.decided, overrides: r.summary.overrides,
    reassess: r.summary.reassess, overdue: r.summary.overdue, share: Math.round(r.summary.highShare * 100),
  }));
  f.paragraph(r.steps.map((s) => `${t(`register.step.${s.step}`)}：${t(`register.step_state.${s.state}`)}${s.doneOn ? `（${s.doneOn}）` : ''}`).join('　'), 9);

  f.heading(t('assess.print.distribution'));
  f.bars(LEVELS.flatMap((l) => (['computed', 'decided'] as const).map((kind) => ({ label: `${t(`register.report.kind.${kind}`)} ${lv(l)}`, value: r.distribution[kind][l], colour: LEVEL_COLOURS[l] }))));

  f.heading(t('register.report.heatmap'));
  f.table(
    [{ title: t('assess.post'), width: 3 }, ...DIMENSIONS.map((d) => ({ title: t(`risk.dim.${d}`), width: 1.2, align: 'right' as const }))],
    r.posts.map((p) => [p.title, ...DIMENSIONS.map((d) => p.dims[d].toFixed(2))]),
    8.5, (row, col) => (col === 0 ? null : heatColour(r.posts[row].dims[DIMENSIONS[col - 1]])),
  );

  f.heading(t('register.report.trend_heading'));
  f.bars(r.trend.map((x) => ({ label: x.period, value: Math.round(x.meanR * 10) / 10, colour: '#0b5c4b' })));

  f.heading(t('register.report.posts'));
  f.table(
    [{ title: t('assess.post'), width: 3.2 }, ...['E', 'M', 'C', 'S', 'F', 'L', 'R'].map((c) => ({ title: c, width: 0.9, align: 'right' as const })),
      { title: t('register.report.kind.computed'), width: 1.4 }, { title: t('register.report.kind.decided'), width: 1.4 }, { title: 'N', width: 0.7, align: 'right' as const }],
    r.posts.map((p) => [
      `${p.title}${p.chief ? `（${t('register.team.chief')}）` : ''}${p.reassess ? `\n${t('risk.flag.reassess')}` : ''}`,
      ...[p.E, p.M, p.C, p.S, p.F, p.L].map((v) => v.toFixed(2)), p.R.toFixed(1), lv(p.computed), `${lv(p.decided)}${isOverride(p.computed, p.decided) ? ' *' : ''}`, count(p.N),
    ]),
  );
  f.paragraph(t('assess.print.legend', { high: r.thresholds.high, medium: r.thresholds.medium }), 8, '#4a5360');

  f.heading(t('register.report.overrides'));
  const overrides = r.posts.filter((p) => isOverride(p.computed, p.decided));
  if (overrides.length === 0) f.paragraph(t('register.report.no_overrides'));
  for (const p of overrides) f.paragraph(`${p.title}：${t('register.report.override_line', { computed: lv(p.computed), decided: lv(p.decided) })}${p.reason ?? '—'}`);

  f.heading(t('register.report.points'));
  for (const p of r.posts) {
    f.paragraph(`${p.title} · ${lv(p.decided ?? p.computed)}`, 11);
    if (p.points.length === 0) {
      f.paragraph(t('register.points.none'), 9);
      continue;
    }
    f.table(
      [{ title: t('register.col.duty'), width: 2 }, { title: t('register.col.description'), width: 2.4 }, { title: t('register.col.manifestation'), width: 2.4 },
        { title: t('register.col.level'), width: 0.9 }, { title: t('register.col.measure'), width: 2.8 }, { title: `${t('register.col.owner')} / ${t('register.col.supervisor')}`, width: 1.5 }],
      p.points.map((rp) => [
        `${t(`register.power.${rp.power}`)}：${rp.duty}`, rp.description, rp.manifestation, lv(rp.level),
        rp.measures.map((m) => `· ${m.what}（${t(`assess.measure.status.${m.status}`)}${m.due ? `，${m.due}` : ''}）`).join('\n') || '—',
        `${rp.owner || '—'} / ${rp.supervisor || '—'}`,
      ]),
    );
  }

  f.heading(t('register.report.overdue'));
  if (r.overdue.length === 0) f.paragraph(t('register.report.no_overdue'));
  else f.table(
    [{ title: t('assess.post'), width: 2 }, { title: t('assess.measure.description'), width: 4 }, { title: t('assess.measure.owner'), width: 1.4 }, { title: t('assess.measure.next_review_on'), width: 1.4 }],
    r.overdue.map((m) => [m.postTitle, m.description, m.owner, m.nextReviewOn ?? '—']),
  );

  f.numberPages((n, total) => `${t('register.report.page', { n })} / ${total}`);
  return doc.save();
}
