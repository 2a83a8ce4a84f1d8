import type { cityMethods } from '../../../shared/methods/cities';
import { createCity, placeCounty } from '../../catalog/cities';
import type { HandlersOf } from './index';

export const cityHandlers: HandlersOf<keyof typeof cityMethods> = {
  'units.createCity': ({ lib }, { name, code }) => {
    const city = createCity(lib.db, name, code);
    return { id: city.id, tier: city.tier, name: city.name };
  },
  'units.placeCounty': ({ lib }, { countyId, cityId, reason }) => {
    const county = placeCounty(lib.db, countyId, cityId, reason);
    return { id: county.id, tier: county.tier, name: county.name };
  },
};
