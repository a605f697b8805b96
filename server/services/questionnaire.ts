import type { Knex } from 'knex';

// Questionnaire versions (DESIGN.md §2). Owned by the survey area.

/** When a period opens it pins the questionnaire version in force (frozen from then on). */
export async function pinQuestionnaire(_trx: Knex, _periodId: number): Promise<void> {
  // implemented by the survey area
}
