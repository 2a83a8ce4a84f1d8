// 公民身份号码 per GB 11643-1999: 6 address + 8 birth date + 3 sequence (odd = male) + 1 check (ISO 7064 MOD 11-2).

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

export type IdProblem = 'format' | 'checkDigit' | 'birthDate';

export interface IdInfo {
  idNumber: string;
  birthDate: string; // YYYY-MM-DD
  sex: '男' | '女';
}

/** Upper-cases a trailing x and strips spaces; does not upgrade 15-digit numbers. */
export function normalizeIdNumber(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

export function parseIdNumber(raw: string, today: Date = new Date()): { ok: true; info: IdInfo } | { ok: false; problem: IdProblem } {
  const id = normalizeIdNumber(raw);
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, problem: 'format' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  const real = date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  if (!real || y < 1880 || date.getTime() > today.getTime()) return { ok: false, problem: 'birthDate' };
  if (idCheckChar(id.slice(0, 17)) !== id[17]) return { ok: false, problem: 'checkDigit' };
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  return { ok: true, info: { idNumber: id, birthDate, sex: Number(id[16]) % 2 === 1 ? '男' : '女' } };
}

export const ID_PROBLEM_MESSAGE: Record<IdProblem, string> = {
  format: '身份证号应为18位（前17位数字，最后一位数字或X）',
  checkDigit: '身份证号校验位不对，请核对是否抄错',
  birthDate: '身份证号中的出生日期不存在',
};

/** 4107**********1234: keeps the region prefix and the last four, as lists must. */
export function maskIdNumber(id: string | null | undefined): string {
  if (!id) return '';
  if (id.length <= 8) return '*'.repeat(id.length);
  return id.slice(0, 4) + '*'.repeat(id.length - 8) + id.slice(-4);
}

/** 15 digits (old cards) to 17 digits and a check character, not inside a longer run of digits. */
const ID_RUN = /(?<![0-9Xx])[0-9]{14,17}[0-9Xx](?![0-9Xx])/g;

/** Free text (OCR, a clerk's correction) with every ID number in it masked; same length, character for character. */
export function maskIdNumbersIn(text: string): string {
  return text.replace(ID_RUN, (id) => maskIdNumber(id));
}
