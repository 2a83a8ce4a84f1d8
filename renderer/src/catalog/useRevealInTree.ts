// A page that opens (from search, a link, the children table or a reload) expands its place in the tree,
// selects it and scrolls it into view: the tree always shows where the clerk is.
import { useEffect } from 'react';
import type { UnitRef } from '../../../shared/domain';
import { useCatalogTree } from '../stores/catalogTree';

export function useRevealInTree(path: UnitRef[] | undefined) {
  const reveal = useCatalogTree((s) => s.reveal);
  const target = path?.at(-1)?.id;
  useEffect(() => {
    if (path) void reveal(path, { expandSelf: true });
    // Once per unit opened (keyed by its id), not on every reload of its data: the clerk may have collapsed it.
  }, [target, reveal]);
}
