// The API's method modules, one per capability (see shared/contract.ts). Add a module here to publish it:
//   shared/methods/review.ts      export const reviewMethods = {
//                                   'review.rounds': method<ReviewRound[]>()(z.object({ unitId: id })),
//                                   'review.sign': method<Signature>()(signInput, 'reviewer'),
//                                 } as const;
//   here                          export const moduleMethods = { ...reviewMethods } as const;
//   engine/api/modules/review.ts  export const reviewHandlers: HandlersOf<keyof typeof reviewMethods> = { … };
//   engine/api/modules/index.ts   moduleHandlers = { ...reviewHandlers }
// Methods declared before modules existed still live in shared/api.ts and move here as their capability is touched.
import { hostMethods } from './host';
import { fixityMethods } from './fixity';
import { packageSourcesMethods } from './packageSources';
import { inspectionMethods } from './inspection';
import { signInMethods } from './signIn';
import { describeMethods } from './describe';
import { jobMethods } from './jobs';
import { completenessMethods } from './completeness';
import { correctionMethods } from './corrections';
import { cityMethods } from './cities';
import { drillMethods } from './drill';
import { checkJobMethods } from './checkJob';
import { auditLogMethods } from './auditLog';
import { screeningMethods } from './screening';
import { searchIndexMethods } from './searchIndex';
import { ocrSettingsMethods } from './ocrSettings';
import { importPlanMethods } from './importPlan';
import { restoreMethods } from './restore';
import { folderMethods } from './folders';
import { importTemplateMethods } from './importTemplates';
import { pageMarkMethods } from './pageMarks';

export const moduleMethods = {
  ...hostMethods,
  ...packageSourcesMethods,
  ...inspectionMethods,
  ...signInMethods,
  ...describeMethods,
  ...jobMethods,
  ...fixityMethods,
  ...correctionMethods,
  ...completenessMethods,
  ...cityMethods,
  ...drillMethods,
  ...checkJobMethods,
  ...auditLogMethods,
  ...screeningMethods,
  ...searchIndexMethods,
  ...ocrSettingsMethods,
  ...importPlanMethods,
  ...restoreMethods,
  ...folderMethods,
  ...importTemplateMethods,
  ...pageMarkMethods,
} as const;
