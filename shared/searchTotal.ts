// How a search's total is said, the same in the app and in `dangka search`: exact (找到 12 条), estimated from the
// hits among the newest candidates confirmed (约 3400 条), or past the count limit (10000 条以上).
import type { SearchResult } from './domain';

export function searchTotalLabel(result: Pick<SearchResult, 'total' | 'totalIsEstimate' | 'totalIsLowerBound'>): string {
  return `${result.totalIsEstimate ? '约 ' : ''}${result.total} 条${result.totalIsLowerBound ? '以上' : ''}`;
}
