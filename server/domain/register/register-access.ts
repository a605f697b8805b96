// Who may do what with the register of a post (DESIGN.md §2 Conflict of interest, §5). Every visibility decision of
// the register area is made here, in one function, from the shared rules of principal.ts (canSeeUnit, canSeePost,
// holdsPost — the rules services/auth/access.ts applies to queries); it adds only what is the register's own: the holder's
// part in 个人查找 and what 公示 publishes.
import { canSeePost, canSeeUnit, holdsPost, type Principal } from '../principal';

export interface RegisterSubject {
  unitId: number;
  /** null: the unit as a whole (the procedure page, the publication, the team view). */
  postId: number | null;
  /** The principal holds some post of this unit (computed by the caller from the unit's posts). */
  holdsPostInUnit: boolean;
}

export interface RegisterPhase {
  /** 个人查找 is under way in the current open period for this unit. */
  selfCheckOpen: boolean;
  /** 公示 is done for the unit in the period concerned. */
  published: boolean;
}

export interface RegisterAccess {
  /** See the risk points' own fields (duty, description, manifestation, owner, supervisor): never a level. */
  read: boolean;
  /** See levels: computed, decided, of the post and of its risk points. */
  readLevels: boolean;
  /** See the committee's reasons and the evidence linked to risk points (findings, reports, measures). */
  readEvidence: boolean;
  /** Propose or edit risk points of the post as its holder (个人查找 only). */
  propose: boolean;
  /** Create, edit, retire and link risk points as the committee. */
  edit: boolean;
  /** Decide levels, record procedure steps (组织评定 and the other committee steps). */
  decide: boolean;
  /** The published register (公示) of the unit; before publication only committee members holding no post in it. */
  readPublication: boolean;
}

/**
 * The register's access rule. For a post: a committee member in scope who does not hold it sees and does everything;
 * its holder proposes its risk points during 个人查找 (whatever their unit scope), sees those fields at any time, and
 * sees the post's levels only once the unit's register is published (公示) — never before, and never the reasons,
 * findings, reports or scores; anyone else sees nothing. For the unit as a whole (postId null): a committee member in
 * scope may open its pages, and every post on them is filtered by the post rule. The published register is shown to
 * the unit's scope and to the holders of its posts; before publication only to members in scope holding none of them.
 */
export function registerAccess(principal: Principal, subject: RegisterSubject, phase: RegisterPhase): RegisterAccess {
  const inScope = canSeeUnit(principal, subject.unitId);
  const readPublication = phase.published ? inScope || subject.holdsPostInUnit : inScope && !subject.holdsPostInUnit;
  if (subject.postId === null) {
    return { read: inScope, readLevels: inScope, readEvidence: inScope, propose: false, edit: inScope, decide: inScope, readPublication };
  }
  const holder = holdsPost(principal, subject.postId);
  const committee = canSeePost(principal, { id: subject.postId, unitId: subject.unitId });
  return {
    read: committee || holder,
    readLevels: committee || (holder && phase.published),
    readEvidence: committee,
    propose: holder && phase.selfCheckOpen,
    edit: committee,
    decide: committee,
    readPublication,
  };
}
