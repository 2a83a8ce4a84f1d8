// The page for the route in the URL hash.
import { UnitPage } from '../catalog/UnitPage';
import { HouseholdPage } from '../household/HouseholdPage';
import { useRoute } from '../stores/route';
import { ErrorBoundary } from './ErrorBoundary';
import { Welcome } from './Welcome';

export function MainContent() {
  const route = useRoute((s) => s.route);
  const key = route.page === 'home' ? 'home' : `${route.page}/${route.id}`;
  return (
    <ErrorBoundary resetKey={key}>
      {route.page === 'unit' ? <UnitPage key={key} unitId={route.id} /> : null}
      {route.page === 'household' ? <HouseholdPage key={key} householdId={route.id} /> : null}
      {route.page === 'home' ? <Welcome /> : null}
    </ErrorBoundary>
  );
}
