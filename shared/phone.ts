// Mainland phone numbers (shared/domain README §4.8). Prefix lists change, so mobiles are not whitelisted by prefix.

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;

/** Strips spaces, dashes inside mobiles and a +86/86 prefix. Returns null when it is not a phone number. */
export function normalizePhone(raw: string): string | null {
  const compact = raw.trim().replace(/[\s()（）]/g, '');
  const mobile = compact.replace(/-/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  if (MOBILE.test(mobile)) return mobile;
  if (LANDLINE.test(compact)) return compact;
  return null;
}

export const PHONE_MESSAGE = '电话号码格式不对：手机为1开头的11位数字，座机如 0371-12345678';

/** 138****5678 */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  if (phone.length < 7) return phone;
  return phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
}
