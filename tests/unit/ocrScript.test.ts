// Which script a page is in, judged from the 高精度 recognizer's own reading (engine/ocr/script.ts): a traditional
// page is sent to Tesseract's chi_tra line by line, a simplified one (even with a traditional character in a name) is
// not; which lines of a traditional page keep PP-OCRv4's reading, and the marks chi_tra reads in a cell's rules.
import { describe, expect, it } from 'vitest';
import type { OcrWord } from '../../shared/domain';
import { withAccurateCharacters, withoutStrayMarks } from '../../engine/ocr/reading';
import { keepsAccurateReading, looksTraditional, sameInBothScripts, scriptForms } from '../../engine/ocr/script';

describe('looksTraditional', () => {
  it('counts the traditional and the simplified forms among the Han characters only', () => {
    expect(scriptForms('貧困戶申請書 2019年')).toEqual({ han: 7, traditional: 4, simplified: 0 });
    expect(scriptForms('贫困户申请书 ABC 123')).toEqual({ han: 6, traditional: 0, simplified: 4 });
  });

  it('says yes for a traditional page read mostly in simplified forms, as PP-OCRv4 reads one', () => {
    // About a third traditional, as on the bench's traditional pages.
    expect(looksTraditional('本人系龍泉村村民，家庭人口四人，因病致貧，生活困難，特申請納入建檔立卡貧困戶。')).toBe(true);
  });

  it('says no for a simplified page, and for one with a stray traditional character in a name', () => {
    expect(looksTraditional('本人系龙泉村村民，家庭人口四人，因病致贫，生活困难，特申请纳入建档立卡贫困户。')).toBe(false);
    const page = '户主姓名：王麗 家庭住址：龙泉村一组 家庭人口：4 人 致贫原因：因病 帮扶责任人：李明 联系电话：13800000000 '.repeat(3);
    expect(looksTraditional(page)).toBe(false);
  });

  it('says yes for a page whose traditional part is a few lines among simplified ones', () => {
    const simplified = '龙泉村二〇一九年贫困户评议会议记录，参加人员：村两委成员、党员代表、村民代表。';
    const traditional = '經村民代表大會評議，同意納入建檔立卡貧困戶，並予以公示。';
    expect(looksTraditional(`${simplified}${simplified}${traditional}`)).toBe(true);
  });
});

describe('lines of a traditional page that keep the 高精度 reading', () => {
  it('keeps digits, a one-character cell and a plainly simplified line; sends traditional lines and short names to chi_tra', () => {
    expect(keepsAccurateReading('419999197811025947')).toBe(true);
    expect(keepsAccurateReading('男')).toBe(true);
    expect(keepsAccurateReading('龙泉村贫困户评议会议记录')).toBe(true);
    expect(keepsAccurateReading('經村民代表大會民主評議')).toBe(false);
    // PP-OCRv4 reads a traditional line mostly in simplified forms: one traditional form is enough.
    expect(keepsAccurateReading('经村民代表大会民主評议')).toBe(false);
    expect(keepsAccurateReading('羅賢')).toBe(false);
  });

  it('drops the marks chi_tra reads in a cell’s rule stubs at a line’s ends, and keeps those PP-OCRv4 read too', () => {
    const word = (text: string, x: number) => ({ text, confidence: 90, bbox: [x, 0, x + 10, 10] as [number, number, number, number] });
    expect(withoutStrayMarks([word('_走訪日期', 0)], '走访日期').map((w) => w.text)).toEqual(['走訪日期']);
    expect(withoutStrayMarks([word('“', 0), word('走訪內容', 20), word('.', 80)], '走访内容').map((w) => w.text)).toEqual(['走訪內容']);
    // A sentence's own full stop, which PP-OCRv4 read as well, stays.
    expect(withoutStrayMarks([word('現予以公示。', 0)], '现予以公示。').map((w) => w.text)).toEqual(['現予以公示。']);
    expect(withoutStrayMarks([word('|', 0)], '4')).toEqual([]);
  });
});

describe('withAccurateCharacters', () => {
  const w = (text: string, confidence: number, x = 0): OcrWord => ({ text, confidence, bbox: [x, 0, x + 20 * text.length, 20] });
  const text = (words: OcrWord[]) => words.map((x) => x.text).join('');

  it('takes the characters PP-OCRv4 read surely where chi_tra read another one, or none', () => {
    // A name in a roster: chi_tra unsure of 芳; PP-OCRv4 sure of it, and in simplified form only where it differs.
    expect(text(withAccurateCharacters([w('趙', 68), w('方', 20, 20), w('英', 68, 40)], [w('趙', 97), w('芳', 98, 20), w('英', 99, 40)]))).toBe('趙芳英');
    // A column heading whose first character chi_tra lost in the cell's rule.
    expect(text(withAccurateCharacters([w('號', 34, 20)], [w('序', 99), w('號', 99, 20)]))).toBe('序號');
  });

  it('keeps chi_tra’s traditional forms, its surer characters, and the characters only it read', () => {
    // PP-OCRv4's simplified 户 and 册 never replace chi_tra’s 戶 and 冊; it dropped 貧, which chi_tra read.
    const line = withAccurateCharacters([w('建檔立卡貧困戶花名冊', 90)], [w('建', 99), w('檔', 95, 20), w('立', 99, 40), w('卡', 99, 60), w('困', 99, 80), w('户', 99, 100), w('花', 99, 120), w('名', 99, 140), w('册', 99, 160)]);
    expect(text(line)).toBe('建檔立卡貧困戶花名冊');
    expect(line).toHaveLength(1);
    expect(line[0]!.bbox).toEqual([0, 0, 200, 20]);
    // chi_tra as sure as PP-OCRv4 (within the margin), or PP-OCRv4 unsure: chi_tra's character stays.
    expect(text(withAccurateCharacters([w('入戶', 92)], [w('人', 99), w('戶', 99, 20)]))).toBe('入戶');
    expect(text(withAccurateCharacters([w('方', 20)], [w('芳', 70)]))).toBe('方');
    expect(sameInBothScripts('芳')).toBe(true);
    expect(sameInBothScripts('貧')).toBe(false);
    expect(sameInBothScripts('贫')).toBe(false);
    expect(sameInBothScripts('7')).toBe(false);
  });
});
