// Stores that hold anything from one library register a reset here; the library store calls resetStores() when
// another library is opened, so nothing from the old one (tree nodes, a finished import) leaks into the new one.
const resets = new Set<() => void>();

export function onLibraryReset(reset: () => void): void {
  resets.add(reset);
}

export function resetStores(): void {
  for (const reset of resets) reset();
}
