import crypto from 'node:crypto';
import type { Knex } from 'knex';
import request from 'supertest';
import type { Express } from 'express';
import { hashPassword } from '../../server/services/auth/passwords';
import { createSession } from '../../server/services/auth/sessions';
import { SESSION_COOKIE } from '../../server/http/middleware/session';

// Factories build test data straight in the database; journeys that matter go through the real forms instead.
let seq = 0;
const next = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

export interface PowerProfile { decision: number; personnel: number; finance: number; procurement: number; enforcement: number }

export async function createUnit(db: Knex, attrs: { key?: string; name?: string } = {}): Promise<{ id: number; key: string; name: string }> {
  const key = attrs.key ?? `unit-${next()}`;
  const name = attrs.name ?? `测试单位 ${key}`;
  const [row] = await db('units').insert({ key, name, created_at: Date.now() }).returning('id');
  return { id: typeof row === 'object' ? row.id : row, key, name };
}

export async function createPost(
  db: Knex,
  unitId: number,
  attrs: { key?: string; title?: string; chief?: boolean; power?: Partial<PowerProfile>; holderName?: string } = {},
): Promise<{ id: number; key: string; title: string }> {
  const key = attrs.key ?? `post-${next()}`;
  const title = attrs.title ?? `副局长 ${key}`;
  const p = { decision: 3, personnel: 2, finance: 2, procurement: 1, enforcement: 1, ...attrs.power };
  const [row] = await db('posts')
    .insert({
      unit_id: unitId, key, title, portfolio: '', chief: attrs.chief ?? false, holder_name: attrs.holderName ?? null,
      power_decision: p.decision, power_personnel: p.personnel, power_finance: p.finance, power_procurement: p.procurement,
      power_enforcement: p.enforcement, created_at: Date.now(),
    })
    .returning('id');
  return { id: typeof row === 'object' ? row.id : row, key, title };
}

export interface TestUser { id: number; email: string; password: string; role: 'admin' | 'reviewer' }

export async function createUser(
  db: Knex,
  attrs: { role?: 'admin' | 'reviewer'; unitIds?: number[]; allUnits?: boolean; heldPostIds?: number[]; email?: string; name?: string; password?: string } = {},
): Promise<TestUser> {
  const role = attrs.role ?? 'reviewer';
  const email = attrs.email ?? `${role}-${next()}@example.org`;
  const password = attrs.password ?? `pw-${crypto.randomBytes(9).toString('base64url')}`;
  const [row] = await db('users')
    .insert({ email, name: attrs.name ?? `用户 ${email}`, role, all_units: attrs.allUnits ?? role === 'admin', password_hash: await hashPassword(password), created_at: Date.now() })
    .returning('id');
  const id = typeof row === 'object' ? row.id : row;
  for (const unitId of attrs.unitIds ?? []) await db('user_units').insert({ user_id: id, unit_id: unitId });
  for (const postId of attrs.heldPostIds ?? []) await db('user_posts').insert({ user_id: id, post_id: postId });
  return { id, email, password, role };
}

export interface SignedIn {
  cookie: string;
  csrf: string;
  get(url: string): request.Test;
  post(url: string, form?: Record<string, string | string[]>): request.Test;
}

/** A committee session made directly (fast); use the login form in tests about logging in. */
export async function signIn(app: Express, db: Knex, user: { id: number }, now = Date.now()): Promise<SignedIn> {
  const { token, session } = await createSession(db, user.id, now, false);
  const cookie = `${SESSION_COOKIE}=${token}`;
  return {
    cookie,
    csrf: session.csrfToken,
    get: (url) => request(app).get(url).set('Cookie', cookie),
    post: (url, form = {}) => request(app).post(url).set('Cookie', cookie).type('form').send({ _csrf: session.csrfToken, ...form }),
  };
}
