// How the clerk last looked at a unit page (its dossier template or the units under it): kept while moving from
// village to village, so going through households of several villages does not mean re-picking the tab.
import { create } from 'zustand';
import { onLibraryReset } from './reset';

export type UnitTab = 'template' | 'describe' | 'children' | 'forms';

export const useUnitView = create<{ tab: UnitTab; setTab(tab: UnitTab): void }>((set) => ({
  tab: 'template',
  setTab: (tab) => set({ tab }),
}));

onLibraryReset(() => useUnitView.setState({ tab: 'template' }));
