import type { Knex } from 'knex';
import type { Principal } from '../../domain/principal';
import { findVisiblePost, findVisibleUnit, visiblePostsByUnit, visibleUnits as unitsVisibleTo, type UnitRef, type VisiblePost } from '../auth/access';

// Lookups by key for the assessment-inputs area, through the access module: a unit outside the principal's scope, or
// a post they hold (conflict of interest), is "not found" (§5).
export type ScopedUnit = UnitRef;
export type ScopedPost = VisiblePost;

export const unitInScope = (db: Knex, principal: Principal, unitKey: string): Promise<ScopedUnit> => findVisibleUnit(db, principal, unitKey);

/** A post the principal may see: unit in scope and not held by them. */
export const postInScope = (db: Knex, principal: Principal, unitKey: string, postKey: string): Promise<ScopedPost> => findVisiblePost(db, principal, unitKey, postKey);

/** Units the principal may see, for filters; archived units left out. */
export const visibleUnits = (db: Knex, principal: Principal): Promise<ScopedUnit[]> => unitsVisibleTo(db, principal);

/** Visible units with the current posts the principal may see, for the register's post filter. */
export const visiblePosts = (db: Knex, principal: Principal) => visiblePostsByUnit(db, principal);
