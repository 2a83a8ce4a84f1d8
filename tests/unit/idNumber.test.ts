import { describe, expect, it } from 'vitest';
import { idCheckChar, maskIdNumber, parseIdNumber } from '../../shared/idNumber';
import { normalizePhone } from '../../shared/phone';

describe('公民身份号码 (GB 11643-1999)', () => {
  it('accepts the standard worked example and reads birth date and sex', () => {
    expect(parseIdNumber('11010519491231002x')).toEqual({
      ok: true,
      info: { idNumber: '11010519491231002X', birthDate: '1949-12-31', sex: '女' },
    });
  });

  it('computes check digits, including X', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
  });

  it('rejects a wrong check digit, an impossible birth date and a wrong length', () => {
    expect(parseIdNumber('110105194912310021')).toEqual({ ok: false, problem: 'checkDigit' });
    const feb30 = `1101051949023000${'2'}`;
    expect(parseIdNumber(feb30 + idCheckChar(feb30))).toEqual({ ok: false, problem: 'birthDate' });
    expect(parseIdNumber('11010519491231')).toEqual({ ok: false, problem: 'format' });
  });

  it('masks all but the region prefix and the last four', () => {
    expect(maskIdNumber('410724199001011234')).toBe('4107**********1234');
  });
});

describe('phone numbers', () => {
  it('normalises mobiles and landlines and rejects the rest', () => {
    expect(normalizePhone('+86 138-1234-5678')).toBe('13812345678');
    expect(normalizePhone('0371-12345678')).toBe('0371-12345678');
    expect(normalizePhone('12812345678')).toBeNull();
    expect(normalizePhone('1381234567')).toBeNull();
  });
});
