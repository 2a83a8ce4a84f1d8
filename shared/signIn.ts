// Accounts locked after too many wrong passwords (engine/auth/throttle.ts), for 用户管理's 解除锁定.
export interface LockedAccount {
  id: number;
  username: string;
  displayName: string;
  failures: number;
  lockedAt: string;
}
