// The handlers of the API's method modules (shared/methods/), one file per capability beside this one.
import type { ApiMethod, ApiOutput, ApiParsedInput } from '../../../shared/api';
import type { moduleMethods } from '../../../shared/methods/index';
import type { EngineContext } from '../handlers';
import { hostHandlers } from './host';
import { fixityHandlers } from './fixity';
import { packageSourcesHandlers } from './packageSources';
import { inspectionHandlers } from './inspection';
import { signInHandlers } from './signIn';
import { describeHandlers } from './describe';
import { jobHandlers } from './jobs';
import { completenessHandlers } from './completeness';
import { searchIndexHandlers } from './searchIndex';
import { importTemplateHandlers } from './importTemplates';
import { pageMarkHandlers } from './pageMarks';
import { correctionHandlers } from './corrections';
import { cityHandlers } from './cities';
import { drillHandlers } from './drill';
import { checkJobHandlers } from './checkJob';
import { auditLogHandlers } from './auditLog';
import { screeningHandlers } from './screening';
import { ocrSettingsHandlers } from './ocrSettings';
import { importPlanHandlers } from './importPlan';
import { restoreHandlers } from './restore';
import { folderHandlers } from './folders';

/** The handlers of a set of methods, each given its already-validated input. */
export type HandlersOf<K extends ApiMethod> = {
  [M in K]: (ctx: EngineContext, input: ApiParsedInput<M>) => ApiOutput<M> | Promise<ApiOutput<M>>;
};

export const moduleHandlers: HandlersOf<keyof typeof moduleMethods & ApiMethod> = {
  ...hostHandlers,
  ...packageSourcesHandlers,
  ...inspectionHandlers,
  ...signInHandlers,
  ...describeHandlers,
  ...jobHandlers,
  ...fixityHandlers,
  ...correctionHandlers,
  ...completenessHandlers,
  ...cityHandlers,
  ...drillHandlers,
  ...checkJobHandlers,
  ...auditLogHandlers,
  ...screeningHandlers,
  ...searchIndexHandlers,
  ...ocrSettingsHandlers,
  ...importPlanHandlers,
  ...restoreHandlers,
  ...folderHandlers,
  ...importTemplateHandlers,
  ...pageMarkHandlers,
};
