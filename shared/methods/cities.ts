// The optional 市 tier above the counties (issue 14 item 7): made and filled by an administrator (engine/catalog/cities.ts).
import { z } from 'zod';
import { method } from '../contract';
import type { UnitRef } from '../domain';

const id = z.number().int().positive();

export const cityMethods = {
  'units.createCity': method<UnitRef>()(
    z.object({
      name: z.string().trim().min(2, '请填写市的名称').max(30, '市的名称不能超过30个字').regex(/[市州盟区]$/, '市的名称应以“市”“州”“盟”或“地区”结尾，如 新乡市'),
      /** The 4-digit 区划代码 (省2+市2) when known; otherwise Dangka numbers it. */
      code: z.string().trim().regex(/^\d{4}(\d{2}|\d{8})?$/, '区划代码应为 4 位（或以它开头的 6/12 位）数字').nullable().default(null),
    }),
    'admin',
  ),
  /** Puts a county under a 市, or (cityId null) takes it out. */
  'units.placeCounty': method<UnitRef>()(
    z.object({ countyId: id, cityId: id.nullable(), reason: z.string().trim().min(2, '请填写理由（至少2个字）').max(200, '理由不能超过200个字') }),
    'admin',
  ),
} as const;
