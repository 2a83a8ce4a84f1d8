// The host's methods reach an engine only where no host stands in front of it (the command line, tests): the engine
// cannot swap the library it was opened on, so it says where that is done. Hosted, engine/host/host.ts answers them.
import { DangkaError } from '../../../shared/errors';
import type { hostMethods } from '../../../shared/methods/host';
import type { HandlersOf } from './index';

const notHosted = (): never => {
  throw new DangkaError('INVALID_INPUT', '命令行每次只打开一个档案库：请用 --library 指定要打开的档案库');
};

export const hostHandlers: HandlersOf<keyof typeof hostMethods> = {
  'library.reopen': notHosted,
  'library.open': notHosted,
};
