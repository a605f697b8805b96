// The signed-in committee user as authorisation sees them (DESIGN.md §2 User, Conflict of interest).
export type Role = 'admin' | 'reviewer';

export interface Principal {
  id: number;
  email: string;
  name: string;
  role: Role;
  /** true: every unit; else only unitIds. */
  allUnits: boolean;
  unitIds: number[];
  /** Posts the user holds: reports about them never reach this user. */
  heldPostIds: number[];
}

/** Unit scope rule: admins and all-unit users see every unit; others only their listed units. */
export function canSeeUnit(principal: Principal, unitId: number): boolean {
  return principal.role === 'admin' || principal.allUnits || principal.unitIds.includes(unitId);
}

/** Units a query must be restricted to; null means no restriction. */
export function unitScope(principal: Principal): number[] | null {
  return principal.role === 'admin' || principal.allUnits ? null : principal.unitIds;
}

/** Conflict-of-interest rule: a report about a post is never shown to that post's holder. */
export function isConflicted(principal: Principal, postId: number | null): boolean {
  return postId !== null && principal.heldPostIds.includes(postId);
}
