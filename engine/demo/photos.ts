// Placeholder 1-inch portraits for the sample contacts: a grey silhouette, the person's surname and a 示例照片
// band, rendered by sharp from SVG to the same 295×413 JPEG a real photo becomes (engine/catalog/photo.ts).
// One image per surname and sex, shared by everyone who has them: the file store keeps each image once.
import sharp from 'sharp';
import { PHOTO_HEIGHT, PHOTO_WIDTH } from '../catalog/photo';
import type { Sex } from './names';

const BACKGROUNDS = ['#dbe8f5', '#e3efe0', '#f3e6d8', '#ece1f0', '#f5f0d6', '#dfeeee'];
const FONT = "'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', 'WenQuanYi Micro Hei', SimHei, sans-serif";

export function portraitKey(name: string, sex: Sex): string {
  return `${Array.from(name)[0] ?? ''}${sex}`;
}

function portraitSvg(surname: string, sex: Sex, background: string): string {
  const w = PHOTO_WIDTH;
  const h = PHOTO_HEIGHT;
  const body = sex === '男' ? '#7d8794' : '#9a8290';
  // Longer hair for the women's silhouette: a wider ellipse behind the head.
  const hair = sex === '女' ? `<ellipse cx="${w / 2}" cy="150" rx="74" ry="88" fill="#5d5560"/>` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">
  <rect width="${w}" height="${h}" fill="${background}"/>
  ${hair}
  <circle cx="${w / 2}" cy="140" r="62" fill="${body}"/>
  <path d="M 30 ${h} C 40 250, 100 225, ${w / 2} 225 C ${w - 100} 225, ${w - 40} 250, ${w - 30} ${h} Z" fill="${body}"/>
  <text x="${w / 2}" y="330" font-family="${FONT}" font-size="72" fill="#ffffff" text-anchor="middle">${surname}</text>
  <rect y="0" width="${w}" height="44" fill="#c0392b" fill-opacity="0.85"/>
  <text x="${w / 2}" y="31" font-family="${FONT}" font-size="26" fill="#ffffff" text-anchor="middle">示例照片</text>
</svg>`;
}

/** Renders the placeholder for a portraitKey. */
export async function renderPortrait(key: string): Promise<Buffer> {
  const [surname = '', sex = '男'] = Array.from(key);
  const background = BACKGROUNDS[surname.codePointAt(0)! % BACKGROUNDS.length]!;
  return sharp(Buffer.from(portraitSvg(surname, sex as Sex, background)))
    .jpeg({ quality: 80, mozjpeg: true })
    .toBuffer();
}
