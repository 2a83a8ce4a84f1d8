// Sign-in lockouts: which accounts are locked after too many wrong passwords, and lifting one (管理员).
import { z } from 'zod';
import { method } from '../contract';
import type { LockedAccount } from '../signIn';

export const signInMethods = {
  'users.locked': method<LockedAccount[]>()(z.object({}), 'admin'),
  /** Lifts the lockout of one account; returns the accounts still locked. */
  'users.unlock': method<LockedAccount[]>()(z.object({ id: z.number().int().positive() }), 'admin'),
} as const;
