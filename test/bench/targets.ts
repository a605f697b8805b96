import type { Row } from './load';

// The targets of issue 21, judged on the rows of one run.

export interface Target { target: string; measured: string; holds: boolean | null }

const find = (rows: Row[], what: string) => rows.find((r) => r.what === what);
const mib = (rows: Row[], what: string) => Number(/^(\d+) MiB/.exec(find(rows, what)?.note ?? '')?.[1] ?? NaN);

function ratio(rows: Row[], side: string, min: number): Target[] {
  const app = find(rows, `${side}, app`);
  const floor = find(rows, `${side}, floor`);
  const t = `${side}: app ≥ ${min}× the floor's throughput`;
  if (!app || !floor) return [{ target: t, measured: '', holds: null }];
  return [{ target: t, measured: `${(app.rps / floor.rps).toFixed(2)}× (${app.rps.toFixed(0)} vs ${floor.rps.toFixed(0)} req/s)`, holds: app.rps >= min * floor.rps }];
}

/** Flat: the 1 M figure no more than 1.5× the 10 k figure (or 5 ms more, whichever is larger: timer and machine noise). */
function flat(label: string, medians: number[]): Target {
  const t = `${label} results page flat from 10 k to 1 M released answers (1 M ≤ max(1.5 × 10 k, 10 k + 5 ms))`;
  if (medians.length < 2) return { target: t, measured: '', holds: null };
  if (medians.some(Number.isNaN)) return { target: t, measured: 'a page did not answer 200 every time (see its row)', holds: null };
  const [first, last] = [medians[0], medians[medians.length - 1]];
  return { target: t, measured: `${first.toFixed(1)} → ${last.toFixed(1)} ms (median)`, holds: last <= Math.max(1.5 * first, first + 5) };
}

export function targets(rows: Row[], sqliteMedians: number[], pgMedians: number[]): Target[] {
  const app = find(rows, 'survey submission (SQLite), app');
  const floor = find(rows, 'survey submission (SQLite), floor');
  const rss = mib(rows, 'peak RSS of the app under submission load (SQLite)');
  return [
    ...ratio(rows, 'survey submission (SQLite)', 0.6),
    {
      target: 'survey submission (SQLite): app p99 ≤ 2× the floor\'s p99',
      measured: app && floor ? `${(app.p99 / floor.p99).toFixed(2)}× (${Math.round(app.p99)} vs ${Math.round(floor.p99)} ms)` : '',
      holds: app && floor ? app.p99 <= 2 * floor.p99 : null,
    },
    { target: 'peak RSS of the app under submission load ≤ 128 MiB', measured: Number.isNaN(rss) ? '' : `${rss} MiB`, holds: Number.isNaN(rss) ? null : rss <= 128 },
    ...ratio(rows, 'survey submission (PostgreSQL)', 0.5),
    flat('SQLite', sqliteMedians),
    flat('PostgreSQL', pgMedians),
  ];
}
