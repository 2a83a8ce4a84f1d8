// Stored names in a package follow the 档号 (DA/T 31: 档号-流水号), ASCII-safe so FAT32/exFAT sticks read on any
// Windows keep them: letters, digits and '-' only, short, never the long Chinese titles (those live in the catalog
// and index.html). 'JF02·360124101201-0001' → 'JF02-360124101201-0001'.
export function safeName(archiveCode: string): string {
  const ascii = archiveCode
    .normalize('NFC')
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return (ascii || 'unit').slice(0, 60);
}

/** Names made unique within one package (two 档号 could sanitise to the same string). */
export class NameBook {
  private readonly used = new Set<string>();

  take(wanted: string): string {
    let name = wanted;
    for (let n = 2; this.used.has(name.toLowerCase()); n++) name = `${wanted}-${n}`;
    this.used.add(name.toLowerCase());
    return name;
  }
}

const EXTENSION: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/tiff': 'tif',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/bmp': 'bmp',
  'image/heic': 'heic',
  'application/pdf': 'pdf',
  'image/x-portable-graymap': 'pgm',
};

/** File extension for a stored blob's MIME type (masters are kept exactly as received). */
export function extensionOf(mime: string): string {
  return EXTENSION[mime] ?? 'bin';
}

/** The MIME type a stored name's extension stands for (import: the blob row of a file from a package). */
export function mimeOf(path: string): string {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return Object.entries(EXTENSION).find(([, e]) => e === ext)?.[0] ?? 'application/octet-stream';
}

/** Yyyymmdd of a date in local time, for bag names. */
export function compactDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}`;
}
