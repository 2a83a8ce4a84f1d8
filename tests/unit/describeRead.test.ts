// Reading a document's description off OCR text: dates in every form a township writes them, 文号 with whatever OCR
// made of its brackets, the title line of notices and letters, the 落款 — on text as Tesseract gives it.
import { describe, expect, it } from 'vitest';
import { findDates, findRefNumber, findTitle, labelledName, parseCount, suggestDescription } from '../../engine/describe/read';

const ymd = (text: string) => findDates(text).map((d) => d.ymd);

describe('dates', () => {
  it('reads Arabic, Chinese-numeral and dotted dates as YYYYMMDD', () => {
    expect(ymd('2019年4月2日')).toEqual(['20190402']);
    expect(ymd('二〇一九年四月二日')).toEqual(['20190402']);
    expect(ymd('二○一九年十二月三十一日')).toEqual(['20191231']);
    expect(ymd('二O二O年十月二十日')).toEqual(['20201020']);
    expect(ymd('二〇一八年九月廿一日')).toEqual(['20180921']);
    expect(ymd('2019.4.2')).toEqual(['20190402']);
    expect(ymd('2019-04-02 与 2019/4/9')).toEqual(['20190402', '20190409']);
    expect(ymd('2019 年 4 月 2 日')).toEqual(['20190402']);
  });

  it('writes an unknown day as 00 (二〇二〇年元月) and refuses dates that do not exist', () => {
    expect(ymd('二〇二〇年元月')).toEqual(['20200100']);
    expect(ymd('2019年2月30日')).toEqual([]);
    expect(ymd('2019年13月2日')).toEqual([]);
  });

  it('does not read a date out of an ID number or a phone number', () => {
    expect(ymd('公民身份号码41999919650412003X')).toEqual([]);
    expect(ymd('电话0391-2019412')).toEqual([]);
  });
});

describe('counts', () => {
  it('reads the counts forms write in Chinese numerals', () => {
    expect([parseCount('三'), parseCount('十'), parseCount('十二'), parseCount('二十五'), parseCount('两'), parseCount('一百零五'), parseCount('12')]).toEqual([3, 10, 12, 25, 2, 105, 12]);
    expect(parseCount('人')).toBeUndefined();
    expect(parseCount('')).toBeUndefined();
  });
});

describe('文号', () => {
  it('normalises every bracket OCR makes of 〔〕', () => {
    for (const line of ['青政发〔2019〕12号', '青政发[2019]12号', '青政发(2019)12号', '青政发（2019）12号', '青政发【2019】12号', '青政发 〔 2019 〕 12 号', '青政发〔2019]012号', '青政发2019〕12号']) {
      expect(findRefNumber([line]), line).toBe('青政发〔2019〕12号');
    }
    expect(findRefNumber(['文号：扶贫办字〔2020〕3号'])).toBe('扶贫办字〔2020〕3号');
    expect(findRefNumber(['青山镇人民政府文件', '青政发〔2019〕12号 签发人：王明'])).toBe('青政发〔2019〕12号');
  });

  it('is not made up from a line without one', () => {
    expect(findRefNumber(['关于2019年脱贫攻坚工作的通知', '2019年12月'])).toBeUndefined();
  });
});

describe('title', () => {
  it('finds the 关于…的通知 line under a 红头 and its 文号, joining a title wrapped over two lines', () => {
    const lines = ['青山镇人民政府文件', '青政发〔2019〕12号', '关于做好2019年脱贫攻坚档案', '整理工作的通知', '各村民委员会:', '为做好脱贫攻坚档案整理工作,现将有关事项通知如下。'];
    expect(findTitle(lines)).toEqual({ title: '关于做好2019年脱贫攻坚档案整理工作的通知', line: 2 });
  });

  it('takes a heading without 关于 when it ends with the kind of document', () => {
    expect(findTitle(['桃园村贫困户识别公示', '根据精准扶贫工作要求,经农户申请,现予以公示。'])?.title).toBe('桃园村贫困户识别公示');
    expect(findTitle(['致全镇脱贫户的一封信', '各位乡亲:'])?.title).toBe('致全镇脱贫户的一封信');
  });

  it('is not a salutation, a 红头, or a sentence of the body', () => {
    expect(findTitle(['青山镇人民政府文件', '各村民委员会:', '经研究,决定对全镇脱贫攻坚档案进行检查,请各村做好准备。'])).toBeUndefined();
  });
});

describe('labelled names on forms', () => {
  it('reads the name beside its label, in a line or a table row', () => {
    expect(labelledName('户主姓名 张三 性别 男', ['户主'])).toBe('张三');
    expect(labelledName('户主:李四\n家庭人口:三人', ['户主'])).toBe('李四');
    expect(labelledName('户主姓名|王小明|家庭人口|4', ['户主'])).toBe('王小明');
    expect(labelledName('申请人:欧阳春花', ['申请人'])).toBe('欧阳春花');
    expect(labelledName('家庭人口 3', ['户主'])).toBeUndefined();
  });
});

describe('a whole document', () => {
  it('describes a 红头 notice: title, 文号, the issuing body and its date in Chinese numerals', () => {
    const text = [
      '青 山 镇 人 民 政 府 文 件',
      '青政发 [2019] 12 号',
      '关 于 做 好 脱 贫 攻 坚 档 案 整 理 工 作 的 通 知',
      '各村民委员会：',
      '为规范全镇脱贫攻坚档案，根据县扶办发〔2019〕3号文件要求，现就有关事项通知如下。',
      '一、各村于2019年5月10日前完成档案整理。',
      '二、镇里将于2019年5月20日组织检查。',
      '青 山 镇 人 民 政 府',
      '二 〇 一 九 年 四 月 二 日',
    ].join('\n');
    expect(suggestDescription([text])).toEqual({
      title: '关于做好脱贫攻坚档案整理工作的通知',
      refNumber: '青政发〔2019〕12号',
      author: '青山镇人民政府',
      date: '20190402',
    });
  });

  it('describes a letter over two pages: the title from the first, the 落款 from the last', () => {
    const first = '青山镇人民政府\n青政函〔2020〕5号\n关于商请协助核实脱贫户信息的函\n县扶贫办:\n我镇在档案整理中发现部分脱贫户信息需要核实,';
    const last = '请于2020年1月20日前函复为盼。\n特此函告。\n青山镇人民政府\n2020.1.8';
    expect(suggestDescription([first, last])).toEqual({ title: '关于商请协助核实脱贫户信息的函', refNumber: '青政函〔2020〕5号', author: '青山镇人民政府', date: '20200108' });
  });

  it('signs an application with the applicant and takes the date under the signature, not the birth date', () => {
    const text = '贫困户申请书\n桃园村村民委员会:\n本人张三,男,汉族,1965年4月12日出生,家庭共有人口三人。\n此致\n敬礼\n申请人:张三\n2018年3月5日';
    expect(suggestDescription([text])).toEqual({ title: '贫困户申请书', author: '张三', date: '20180305' });
  });

  it('takes the date the 公示 was signed, not the one its period starts', () => {
    const text = '桃园村贫困户识别公示\n拟将以下6户纳入建档立卡贫困户,现予以公示。\n公示期自2019年4月2日起七天。如有异议,请反映。\n桃园村村民委员会\n2019年4月1日';
    expect(suggestDescription([text])).toMatchObject({ author: '桃园村村民委员会', date: '20190401' });
  });
});

describe('OCR noise seen on generated scans', () => {
  it('reads through a doubled 〇, a 1 read as ], 函 read as 图, and stray marks round the lines', () => {
    const text = '和东岭乡人民政府文件\n东政发2017] 57号\n”关于加强扶贫项目资金管理的通知\n各村民委员会:\n一、各村于2017年10月12日前完成自查\n,并将自查情况报镇扶贫工作站。\n东岭乡人民政府\n二O〇一七年十月二日';
    expect(suggestDescription([text])).toEqual({ title: '关于加强扶贫项目资金管理的通知', refNumber: '东政发〔2017〕57号', author: '东岭乡人民政府', date: '20171002' });
    const letter = '青山镇人民政府\n青政图[2020] 34号\n关于报送脱贫攻坚档案整理进度的图\n县扶贫开发办公室:\n特此函告。\n青山镇人民政府\n2020年12月19日';
    expect(suggestDescription([letter])).toEqual({ title: '关于报送脱贫攻坚档案整理进度的函', refNumber: '青政函〔2020〕34号', author: '青山镇人民政府', date: '20201219' });
    expect(ymd('于2018年]月24日前')).toEqual(['20180124']);
  });
});
