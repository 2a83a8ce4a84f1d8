// A household (户): breadcrumb; head, 户编号, 档号 and 户类型 (changeable); facts from the roster; members (ID
// numbers masked, each member correctable with a reason); 户类型 adjusted as dated events; the three 明白卡 contacts, editable; the household's own dossier template; its form records.
import { Button, Card, Col, Row, Typography } from 'antd';
import { CONTACT_ROLES } from '../../../shared/domain';
import { useApiQuery } from '../api/useApiQuery';
import { RevealIdsButton } from '../auth/RevealIdsButton';
import { StatusTag } from '../catalog/StatusTag';
import { TemplateTable } from '../catalog/TemplateTable';
import { FormsPanel } from '../check/FormsPanel';
import { HistorySection } from '../history/HistoryPanel';
import { UnitBreadcrumb } from '../catalog/UnitBreadcrumb';
import { useRevealInTree } from '../catalog/useRevealInTree';
import { PageState } from '../layout/PageState';
import { useRoute } from '../stores/route';
import { ContactCard } from './ContactCard';
import { HouseholdFacts } from './HouseholdFacts';
import { MembersTable } from './MembersTable';
import { ScreeningPanel } from './ScreeningPanel';
import { ChangeStatusButton, CorrectHouseholdButton, CorrectMemberButton, HomeCopyPanel, StatusEvents } from './Corrections';

export function HouseholdPage({ householdId }: { householdId: number }) {
  const query = useApiQuery('catalog.household', { id: householdId });
  const h = query.data;
  const go = useRoute((s) => s.go);
  useRevealInTree(h?.unit.path);

  if (!h) return <PageState query={query} />;
  return (
    <>
      <UnitBreadcrumb path={h.unit.path} />
      <Card size="small">
        <div style={{ display: 'flex', alignItems: 'center', gap: 10, marginBottom: 12 }}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="household-title">
            {h.headName ?? h.unit.name}
            <Typography.Text type="secondary" style={{ fontSize: 14, fontWeight: 400, marginInlineStart: 6 }}>
              户
            </Typography.Text>
          </Typography.Title>
          <span data-testid="household-status">
            <StatusTag status={h.status} style={{ fontSize: 13, lineHeight: '22px' }} />
          </span>
          <span style={{ marginInlineStart: 'auto', display: 'flex', alignItems: 'center', gap: 8 }}>
            <ChangeStatusButton household={h} onSaved={query.setData} />
            <CorrectHouseholdButton household={h} onSaved={query.setData} />
          </span>
        </div>
        <HouseholdFacts household={h} />
      </Card>
      <Card size="small" title={`家庭成员（${h.members.length} 人）`} style={{ marginTop: 16 }} extra={<RevealIdsButton householdId={h.unit.id} />}>
        <MembersTable members={h.members} action={(m) => <CorrectMemberButton member={m} onSaved={query.setData} />} />
      </Card>
      <Card size="small" title="户类型调整记录（动态调整）" style={{ marginTop: 16 }}>
        <StatusEvents householdId={h.unit.id} />
      </Card>
      <Card size="small" title="明白卡联系人" style={{ marginTop: 16 }} data-testid="contacts">
        <Row gutter={[12, 12]}>
          {CONTACT_ROLES.map((role) => (
            <Col xs={24} xl={8} key={role}>
              <ContactCard householdId={h.unit.id} role={role} person={h.contacts[role]} onSaved={query.setData} />
            </Col>
          ))}
        </Row>
      </Card>
      <Card size="small" title="入户核查清单（一进二看三算四比五议 · 十一种人 · 五看五不录六优先 · 两不愁三保障）" style={{ marginTop: 16 }}>
        <ScreeningPanel householdId={h.unit.id} />
      </Card>
      <Card size="small" title="家庭户档（存放在户）" style={{ marginTop: 16 }}>
        <HomeCopyPanel householdId={h.unit.id} headName={h.headName} />
      </Card>
      <Card size="small" title="户档目录" style={{ marginTop: 16 }}>
        <TemplateTable unitId={h.unit.id} tier="household" template={h.unit.template} />
      </Card>
      <Card
        size="small"
        title="表单记录"
        style={{ marginTop: 16 }}
        extra={
          <Button size="small" onClick={() => go({ page: 'check', id: h.unit.id })} data-testid="household-check">
            检查本户
          </Button>
        }
      >
        <FormsPanel unitId={h.unit.id} tier="household" />
      </Card>
      <HistorySection unitId={h.unit.id} />
    </>
  );
}
