// Sizes and times as the package screen shows them: "356.2 MB", "3.75 GB", "约剩 1分20秒".

const MB = 1024 * 1024;
const GB = 1024 * MB;

/** Bytes → "0.4 MB", "356.2 MB", "3.75 GB" (gbDigits decimals for gigabytes: 1 for a drive's size). */
export function formatSize(bytes: number, gbDigits = 2): string {
  if (bytes >= GB) return `${(bytes / GB).toFixed(gbDigits)} GB`;
  return `${(bytes / MB).toFixed(1)} MB`;
}

/** A drive's space: "可用 12.3 GB / 共 14.9 GB". */
export function formatSpace(freeBytes: number, totalBytes: number): string {
  return `可用 ${formatSize(freeBytes, 1)} / 共 ${formatSize(totalBytes, 1)}`;
}

/** Seconds left → "约剩 40秒", "约剩 1分20秒", "约剩 2小时5分"; null when not known yet. */
export function formatEta(seconds: number | null | undefined): string | null {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds <= 0) return null;
  const s = Math.max(1, Math.round(seconds));
  if (s < 60) return `约剩 ${s}秒`;
  if (s < 3600) {
    const rest = s % 60;
    return `约剩 ${Math.floor(s / 60)}分${rest ? `${rest}秒` : ''}`;
  }
  const minutes = Math.round((s % 3600) / 60);
  return `约剩 ${Math.floor(s / 3600)}小时${minutes ? `${minutes}分` : ''}`;
}

/** The split choices of the 分卷 select: null = 不分卷. */
export const PART_LIMITS: { value: number | null; label: string }[] = [
  { value: null, label: '不分卷' },
  ...[4, 8, 16, 32].map((g) => ({ value: g * GB, label: `每卷不超过 ${g} GB` })),
];
