import type { auditLogMethods } from '../../../shared/methods/auditLog';
import { searchAudit } from '../../audit/search';
import type { HandlersOf } from './index';

export const auditLogHandlers: HandlersOf<keyof typeof auditLogMethods> = {
  'audit.search': ({ lib }, q) => searchAudit(lib.db, q),
};
