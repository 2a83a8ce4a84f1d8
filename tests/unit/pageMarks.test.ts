// The searched word marked on the page image, and marks that follow a turned page: word boxes turned with the
// page land on the same word of the turned image; the words an occurrence of the query touches are found with the
// search's normalisation (a word split by OCR, full-width letters).
import { describe, expect, it } from 'vitest';
import { turnBox, turnWords } from '../../engine/imaging/turnBoxes';
import { searchMarks } from '../../engine/search/pageMarks';
import type { OcrWord } from '../../shared/domain';

const word = (text: string, bbox: OcrWord['bbox']): OcrWord => ({ text, confidence: 90, bbox });

describe('word boxes turned with the page', () => {
  // A 100 × 200 page (portrait) with a word box near its top-left corner.
  const size = { width: 100, height: 200 };
  const box: OcrWord['bbox'] = [10, 20, 30, 25];

  it('a clockwise quarter turn puts the top-left word at the top-right of the landscape page', () => {
    expect(turnBox(box, 90, size)).toEqual([175, 10, 180, 30]);
  });

  it('a half turn puts it at the bottom-right, a counter-clockwise turn at the bottom-left', () => {
    expect(turnBox(box, 180, size)).toEqual([70, 175, 90, 180]);
    expect(turnBox(box, 270, size)).toEqual([20, 70, 25, 90]);
    expect(turnBox(box, 0, size)).toEqual(box);
  });

  it('four quarter turns bring every box back where it was', () => {
    let b = box;
    let s = size;
    for (let i = 0; i < 4; i++) {
      b = turnBox(b, 90, s);
      s = { width: s.height, height: s.width };
    }
    expect(b).toEqual(box);
  });

  it('scales the turned boxes to the new image (here cleaned at twice the size)', () => {
    const [turned] = turnWords([word('低保', box)], 90, size, { width: 400, height: 200 });
    expect(turned).toMatchObject({ text: '低保', confidence: 90, bbox: [350, 20, 360, 60] });
  });
});

describe('searched words on the page', () => {
  const words = [
    word('关于', [0, 0, 40, 20]),
    word('低', [50, 0, 70, 20]),
    word('保', [70, 0, 90, 20]),
    word('对象', [90, 0, 130, 20]),
    word('的', [130, 0, 150, 20]),
    word('ＡＢ２０１９号', [0, 30, 100, 50]),
    word('低保', [0, 60, 40, 80]),
  ];

  it('marks every occurrence, also one OCR split into two words', () => {
    expect(searchMarks(words, '低保')).toEqual([
      [50, 0, 70, 20],
      [70, 0, 90, 20],
      [0, 60, 40, 80],
    ]);
  });

  it('marks each term of a query with several, normalised like the search (full-width, upper case)', () => {
    expect(searchMarks(words, '对象 ab2019')).toEqual([
      [90, 0, 130, 20],
      [0, 30, 100, 50],
    ]);
  });

  it('marks nothing for a word not on the page or an empty query', () => {
    expect(searchMarks(words, '危房')).toEqual([]);
    expect(searchMarks(words, '  ')).toEqual([]);
  });
});
