// Header on top; the search box and the catalog tree on the left; the page of the selected unit on the right.
import { Layout } from 'antd';
import { CatalogTree } from '../catalog/CatalogTree';
import { SearchBox } from '../catalog/SearchBox';
import { RosterImportModal } from '../roster/RosterImportModal';
import { AppHeader } from './AppHeader';
import { MainContent } from './MainContent';

export function AppLayout() {
  return (
    <Layout style={{ height: '100vh' }}>
      <AppHeader />
      <Layout>
        <Layout.Sider
          width={320}
          theme="light"
          style={{ borderRight: '1px solid #e5e7eb', overflow: 'hidden' }}
          styles={{ body: { display: 'flex', flexDirection: 'column', height: '100%' } }}
        >
          <div style={{ padding: '12px 12px 8px' }}>
            <SearchBox />
          </div>
          <div style={{ flex: 1, minHeight: 0, padding: '0 4px 8px 8px' }}>
            <CatalogTree />
          </div>
        </Layout.Sider>
        <Layout.Content style={{ overflow: 'auto', background: '#f5f6f8' }} id="main-content">
          <div style={{ padding: '16px 20px 24px', maxWidth: 1280 }}>
            <MainContent />
          </div>
        </Layout.Content>
      </Layout>
      <RosterImportModal />
    </Layout>
  );
}
