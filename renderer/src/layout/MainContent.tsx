// The page for the route in the URL hash.
import { UnitPage } from '../catalog/UnitPage';
import { CheckPage } from '../check/CheckPage';
import { HouseholdPage } from '../household/HouseholdPage';
import { PrintPage } from '../print/PrintPage';
import { PackPage } from '../pack/PackPage';
import { DocumentPage } from '../document/DocumentPage';
import { ImportPage } from '../digitize/ImportPage';
import { SearchPage } from '../fulltext/SearchPage';
import { hashOf, useRoute } from '../stores/route';
import { UsersPage } from '../users/UsersPage';
import { AuditLogPage } from '../history/AuditLogPage';
import { ErrorBoundary } from './ErrorBoundary';
import { Welcome } from './Welcome';

export function MainContent() {
  const route = useRoute((s) => s.route);
  const key = hashOf(route);
  return (
    <ErrorBoundary resetKey={key}>
      {route.page === 'unit' ? <UnitPage key={key} unitId={route.id} /> : null}
      {route.page === 'household' ? <HouseholdPage key={key} householdId={route.id} /> : null}
      {route.page === 'home' ? <Welcome /> : null}
      {route.page === 'import' ? <ImportPage key={key} unitId={route.unitId ?? null} item={route.item ?? null} /> : null}
      {route.page === 'document' ? <DocumentPage key={`document/${route.id}`} documentId={route.id} seq={route.seq ?? 1} query={route.q ?? null} /> : null}
      {route.page === 'search' ? <SearchPage key={key} query={route.query} /> : null}
      {route.page === 'check' ? <CheckPage key={key} unitId={route.id ?? null} /> : null}
      {route.page === 'print' ? <PrintPage key={key} unitId={route.unitId ?? null} /> : null}
      {route.page === 'pack' ? <PackPage key={key} unitId={route.unitId ?? null} /> : null}
      {route.page === 'users' ? <UsersPage /> : null}
      {route.page === 'auditLog' ? <AuditLogPage /> : null}
    </ErrorBoundary>
  );
}
