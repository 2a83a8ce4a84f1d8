import type { packageSourcesMethods } from '../../../shared/methods/packageSources';
import { expectedSources, setExpectedSources } from '../../pack/provenance';
import type { HandlersOf } from './index';

export const packageSourcesHandlers: HandlersOf<keyof typeof packageSourcesMethods> = {
  'packageSources.get': ({ lib }) => expectedSources(lib),
  'packageSources.set': ({ lib }, { unitIds }) => setExpectedSources(lib, unitIds),
};
