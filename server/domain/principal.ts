// The signed-in committee user as authorisation sees them, and the pure rules of who may see what (DESIGN.md §2
// User, Conflict of interest; §5). The queries that apply these rules live in services/auth/access.ts; nothing else
// restates them.
export type Role = 'admin' | 'reviewer';

export interface Principal {
  id: number;
  email: string;
  name: string;
  role: Role;
  /** true: every unit; else only unitIds. */
  allUnits: boolean;
  unitIds: number[];
  /** Posts the user holds: nothing about them (reports, findings, figures, score, level, measures) reaches this user. */
  heldPostIds: number[];
}

/** A post as the rules need it: its id and its unit. */
export interface PostRef {
  id: number;
  unitId: number;
}

/**
 * The operator at the command line (`npm run -s cli`): the person who runs the server, sees every unit and holds no
 * post. CLI commands pass it where a web page passes the signed-in user, so both go through the same rules.
 */
export const OPERATOR: Principal = Object.freeze({ id: 0, email: 'cli', name: 'CLI', role: 'admin', allUnits: true, unitIds: [], heldPostIds: [] }) as Principal;

/** Unit scope rule: admins and all-unit users see every unit; others only their listed units. */
export function canSeeUnit(principal: Principal, unitId: number): boolean {
  return principal.role === 'admin' || principal.allUnits || principal.unitIds.includes(Number(unitId));
}

/** Units a query must be restricted to; null means no restriction. */
export function unitScope(principal: Principal): number[] | null {
  return principal.role === 'admin' || principal.allUnits ? null : principal.unitIds;
}

/** Post holding: the user is linked to this post (admins too). */
export function holdsPost(principal: Principal, postId: number | null | undefined): boolean {
  return postId !== null && postId !== undefined && principal.heldPostIds.includes(Number(postId));
}

/** Whether anything about this post may reach the principal: its unit in scope and the post not held by them. */
export function canSeePost(principal: Principal, post: PostRef): boolean {
  return canSeeUnit(principal, post.unitId) && !holdsPost(principal, post.id);
}

/** A report as the rules need it: its unit, the post it is about (if any) and who recused themselves from it. */
export interface ReportRef {
  unitId: number;
  postId: number | null;
  recusedUserIds: readonly number[];
}

/** Report rule: unit in scope, not about a post the principal holds, and the principal has not recused themselves. */
export function canSeeReport(principal: Principal, report: ReportRef): boolean {
  return canSeeUnit(principal, report.unitId) && !holdsPost(principal, report.postId) && !report.recusedUserIds.includes(principal.id);
}
