import { hasMessage, type Translate } from '../../i18n';
import type { AuditEventView } from '../../services/ops/audit-query';

// The audit log as a person reads it: actions, objects and detail names in words of the page's language, values of
// known vocabularies (statuses, roles, sources, dimensions) translated, nothing shown as a raw key or as JSON.

/** The first of the candidate message keys that exists, translated; else the fallback. */
const firstOf = (t: Translate, keys: string[], fallback: string) => {
  const key = keys.find((k) => hasMessage(k));
  return key ? t(key) : fallback;
};

/** Which catalogue names the values of a detail, by the area of the action and the detail's name. */
function valueKeys(area: string, name: string, value: string): string[] {
  const byName: Record<string, string[]> = {
    role: [`auth.users.role.${value}`],
    source: [`assess.finding.source.${value}`],
    severity: [`assess.finding.severity.${value}`],
    dimensions: [`assess.dim.${value}`],
    cause: [`audit.cause.${value}`],
    kind: [`audit.kind.${value}`],
    step: [`register.step.${value}`],
    trigger: [`register.reassess.trigger.${value}`],
    computed: [`risk.level.${value}`],
  };
  const statuses = area === 'measure' ? [`assess.measure.status.${value}`] : area === 'report' ? [`report.status.${value}`] : ['decision', 'risk_point'].includes(area) ? [`risk.level.${value}`] : [];
  return byName[name] ?? (['from', 'to', 'status'].includes(name) ? statuses : []);
}

function valueText(t: Translate, area: string, name: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return t('common.none');
  if (typeof value === 'boolean') return t(value ? 'audit.yes' : 'audit.no');
  if (Array.isArray(value)) return value.map((v) => valueText(t, area, name, v)).join(t('common.list_sep'));
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([sub, v]) => t('common.label_value', { label: detailName(t, sub), value: valueText(t, area, sub, v) }))
      .join(t('common.list_sep'));
  }
  const text = String(value);
  return firstOf(t, valueKeys(area, name, text), text);
}

function detailName(t: Translate, name: string): string {
  return firstOf(t, [`audit.detail.${name}`, `admin.power.${name}`, `assess.dim.${name}`], name);
}

export function auditEventView(t: Translate, e: AuditEventView) {
  const area = e.action.split('.')[0];
  return {
    id: e.id,
    at: e.at,
    actor: e.actor,
    action: actionName(t, e.action),
    object: e.objectType ? `${firstOf(t, [`audit.object.${e.objectType}`], e.objectType)}${e.objectId ? ' #' + e.objectId : ''}` : '',
    details: Object.entries(e.details).map(([name, value]) => ({ name: detailName(t, name), value: valueText(t, area, name, value) })),
  };
}

export const actionName = (t: Translate, action: string) => firstOf(t, [`audit.action.${action}`], action);
