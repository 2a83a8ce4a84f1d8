import type { signInMethods } from '../../../shared/methods/signIn';
import { recordEvent } from '../../audit/trail';
import { lockedAccounts, unlockAccount } from '../../auth/throttle';
import type { HandlersOf } from './index';

export const signInHandlers: HandlersOf<keyof typeof signInMethods> = {
  'users.locked': ({ lib }) => lockedAccounts(lib.db),
  'users.unlock': ({ lib }, { id }) => {
    const account = unlockAccount(lib.db, id);
    recordEvent(lib.db, '解除账户锁定', { username: account.username, failures: account.failures });
    return lockedAccounts(lib.db);
  },
};
