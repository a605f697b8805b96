// The register file of DESIGN.md §8 (`register export --format json`, `register import FILE.json`): its shape, and the
// checks an import runs before it changes anything (all or nothing). Faults carry the path of the value at fault, so
// each format can name it its own way (JSON: entry, risk point and field; xlsx: sheet, row and column).
import { z } from 'zod';
import { DIMENSIONS, LEVELS, POWER_TYPES, type Dimension, type PowerType, type RiskLevel } from '../dimensions';
import { MEASURE_STATUSES, type MeasureStatus } from '../measure-rules';
import { isIsoDate } from '../deadlines';
import { REASON_MAX } from './decision-rules';
import { DUTY_MAX, PERSON_MAX, RISK_POINT_KEY, TEXT_MAX } from './risk-point-rules';

export interface RegisterMeasure { what: string; owner: string; due: string | null; status: MeasureStatus }
export interface RegisterRiskPoint {
  key: string; power: PowerType; duty: string; description: string; manifestation: string; dimensions: Dimension[];
  level: RiskLevel | null; owner: string; supervisor: string; measures: RegisterMeasure[];
}
export interface RegisterEntry {
  unit: string; post: string;
  /** The computed level of §3 (informational on import). */
  level: RiskLevel | null;
  decided_level: RiskLevel | null;
  reason: string | null;
  risk_points: RegisterRiskPoint[];
}
export interface RegisterDoc { period: string; register: RegisterEntry[] }

export type FaultPath = Array<string | number>;
export interface Fault { path: FaultPath; message: string }

const level = z.enum(LEVELS).nullable();
const text = (max: number) => z.string().trim().min(1, 'is required').max(max, `is longer than ${max} characters`);
const optionalText = (max: number) => z.string().trim().max(max, `is longer than ${max} characters`).default('');

const measureSchema = z.object({
  what: text(TEXT_MAX),
  owner: optionalText(PERSON_MAX),
  due: z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD').nullable().default(null),
  status: z.enum(MEASURE_STATUSES),
});
const riskPointSchema = z.object({
  key: z.string().regex(RISK_POINT_KEY, 'must be 1–64 lower-case letters, digits, "-" or "_"'),
  power: z.enum(POWER_TYPES),
  duty: text(DUTY_MAX),
  description: text(TEXT_MAX),
  manifestation: text(TEXT_MAX),
  dimensions: z.array(z.enum(DIMENSIONS)).max(DIMENSIONS.length).default([]),
  level: level.default(null),
  owner: optionalText(PERSON_MAX),
  supervisor: optionalText(PERSON_MAX),
  measures: z.array(measureSchema).max(200).default([]),
});
const entrySchema = z.object({
  unit: z.string().min(1),
  post: z.string().min(1),
  level: level.optional().default(null),
  decided_level: level.default(null),
  reason: z.string().trim().max(REASON_MAX, `is longer than ${REASON_MAX} characters`).nullable().default(null).transform((r) => (r ? r : null)),
  risk_points: z.array(riskPointSchema).max(500).default([]),
});
const docSchema = z.object({ period: z.string().min(1).optional(), register: z.array(entrySchema).max(10_000) });

/** The file's shape; faults by path. */
export function parseRegisterDoc(raw: unknown): { ok: true; doc: { period?: string; register: RegisterEntry[] } } | { ok: false; faults: Fault[] } {
  const parsed = docSchema.safeParse(raw);
  if (parsed.success) return { ok: true, doc: parsed.data as { period?: string; register: RegisterEntry[] } };
  return { ok: false, faults: parsed.error.issues.map((i) => ({ path: i.path as FaultPath, message: i.message })) };
}

/** What an import checks each entry against: the post exists, and the level it computes now (the proposal). */
export type PostLookup = (unit: string, post: string) => { computed: RiskLevel } | null;

/**
 * The rules of an import beyond the shape: every unit and post exists; a post and a risk point key appear once; a
 * decided level that differs from the computed one has a reason (§2 组织评定); a reason needs a decided level.
 */
export function registerFaults(entries: RegisterEntry[], lookup: PostLookup): Fault[] {
  const faults: Fault[] = [];
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    const found = lookup(e.unit, e.post);
    if (!found) faults.push({ path: ['register', i, 'post'], message: `unknown post "${e.post}" of unit "${e.unit}"` });
    const id = `${e.unit}/${e.post}`;
    if (seen.has(id)) faults.push({ path: ['register', i, 'post'], message: `post "${e.post}" of unit "${e.unit}" appears twice` });
    seen.add(id);
    if (found && e.decided_level && e.decided_level !== found.computed && !e.reason) {
      faults.push({ path: ['register', i, 'reason'], message: `decided level ${e.decided_level} differs from the computed level ${found.computed}: a reason is required` });
    }
    if (e.reason && !e.decided_level) faults.push({ path: ['register', i, 'decided_level'], message: 'a reason without a decided level' });
    const keys = new Set<string>();
    e.risk_points.forEach((rp, j) => {
      if (keys.has(rp.key)) faults.push({ path: ['register', i, 'risk_points', j, 'key'], message: `risk point "${rp.key}" appears twice for this post` });
      keys.add(rp.key);
    });
  });
  return faults;
}

/** A JSON fault in words: "register #2 (unit a, post chief) › risk_points #1 › level: …". */
export function describeJsonFault(entries: unknown, fault: Fault): string {
  const list = Array.isArray((entries as { register?: unknown })?.register) ? (entries as { register: Array<Record<string, unknown>> }).register : [];
  const parts: string[] = [];
  const p = fault.path;
  if (p[0] === 'register' && typeof p[1] === 'number') {
    const e = list[p[1]] ?? {};
    parts.push(`register #${p[1] + 1}${typeof e.unit === 'string' ? ` (unit ${e.unit}, post ${String(e.post)})` : ''}`);
    const rest = p.slice(2);
    for (let i = 0; i < rest.length; i++) {
      if (typeof rest[i + 1] === 'number') parts.push(`${String(rest[i])} #${Number(rest[i + 1]) + 1}`), i++;
      else parts.push(String(rest[i]));
    }
  } else parts.push(p.join('.') || '(file)');
  return `${parts.join(' › ')}: ${fault.message}`;
}
