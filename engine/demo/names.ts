// Names for the sample county's fake people: common surnames by rough frequency and given-name characters by
// sex and generation, so lists look like a real roster. A few names carry rare characters (喆 堃 珺 昇 燊) that
// fonts often lack: printing and OCR must be seen to handle them.
import type { Rng } from './random';

/** Most frequent first; drawn with a skew so the first few cover most households, as in a real village. */
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';

/** Given-name characters by sex, for people born before 1980 and after. */
const GIVEN = {
  男: {
    older: '国建军明华平福德文海志金贵成永祥长发宝山水根才富利东升荣生春松柏江波庆忠福全友林',
    younger: '伟强磊洋勇杰涛超刚飞鹏俊峰斌浩亮辉宇轩泽晨睿博航豪鑫凯文子一',
  },
  女: {
    older: '秀英兰桂芳玉梅凤云花翠珍淑贤红琴萍燕玲荣香莲菊爱春华素',
    younger: '娜敏静丽艳娟霞慧雪丹婷颖欣怡涵萱琪佳悦晴雨诺梓思可馨',
  },
} as const;

export const RARE_NAME_CHARS = '喆堃珺昇燊';
/** Share of given names with a rare character: a few dozen in the default county. */
const RARE_RATE = 0.0025;

export type Sex = '男' | '女';

export function surname(rng: Rng): string {
  return SURNAMES[Math.floor(SURNAMES.length * rng.next() * rng.next())]!;
}

export function givenName(rng: Rng, sex: Sex, birthYear: number): string {
  const younger = birthYear >= 1980;
  const pool = GIVEN[sex][younger ? 'younger' : 'older'];
  const length = rng.chance(younger ? 0.15 : 0.3) ? 1 : 2;
  const draw = () => (rng.chance(RARE_RATE) ? rng.char(RARE_NAME_CHARS) : rng.char(pool));
  const first = draw();
  if (length === 1) return first;
  const second = draw();
  // 叠字 names (淑淑) exist but are rare; one more draw keeps them rare here too.
  return first + (second === first ? draw() : second);
}

export function fullName(rng: Rng, sex: Sex, birthYear: number, familyName = surname(rng)): string {
  return familyName + givenName(rng, sex, birthYear);
}
