// Changing one of the household's three 明白卡 contacts. A person serves many households, so there are three
// different things a clerk may mean, and the dialog asks which:
//   修改此人信息 — contact.update: corrects the person everywhere (the N households they serve all change);
//   换成已有人员 — contact.assign with personId: only this household gets another existing person;
//   换成新人员   — contact.assign with person: only this household gets a newly entered person.
import { Alert, App, Button, Empty, Modal, Segmented, Select, Space, Spin, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { CONTACT_ROLE_LABEL, type ContactPerson, type ContactRole, type HouseholdDetail } from '../../../shared/domain';
import { api, callApi } from '../api/client';
import { useShowError } from '../api/errors';
import { PersonForm, type PersonFields } from './PersonForm';

type Mode = 'edit' | 'pick' | 'new';

interface Props {
  householdId: number;
  role: ContactRole;
  person: ContactPerson | null;
  onClose(): void;
  onSaved(detail: HouseholdDetail): void;
}

export function ContactEditor({ householdId, role, person, onClose, onSaved }: Props) {
  const [mode, setMode] = useState<Mode>(person ? 'edit' : 'new');
  const { message } = App.useApp();
  const label = CONTACT_ROLE_LABEL[role];

  const update = async (values: PersonFields) => {
    await api('contact.update', { personId: person!.id, person: values });
    onSaved(await api('catalog.household', { id: householdId }));
    void message.success(person!.householdCount > 1 ? `已保存，${person!.householdCount} 户的明白卡已同时更新` : '已保存');
  };
  const create = async (values: PersonFields) => {
    onSaved(await api('contact.assign', { householdId, role, person: values }));
    void message.success(`已为本户设置新的${label}`);
  };

  const modes = person
    ? [
        { value: 'edit' as const, label: '修改此人信息' },
        { value: 'pick' as const, label: '换成已有人员' },
        { value: 'new' as const, label: '换成新人员' },
      ]
    : [
        { value: 'new' as const, label: '填写新人员' },
        { value: 'pick' as const, label: '选择已有人员' },
      ];

  return (
    <Modal open title={`${person ? '修改' : '设置'}${label}`} onCancel={onClose} footer={null} width={560} destroyOnHidden mask={{ closable: false }}>
      <Segmented<Mode> block options={modes} value={mode} onChange={setMode} style={{ marginBottom: 16 }} data-testid="contact-mode" />
      {mode === 'edit' && person ? (
        <>
          <Alert
            type={person.householdCount > 1 ? 'warning' : 'info'}
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="shared-person-note"
            title={
              person.householdCount > 1
                ? `${person.name} 共服务 ${person.householdCount} 户：保存后这 ${person.householdCount} 户的明白卡都会改变。`
                : `${person.name} 只服务本户。`
            }
            description={person.householdCount > 1 ? '如果只是本户换人，请选「换成已有人员」或「换成新人员」。' : undefined}
          />
          <PersonForm
            key="edit"
            initial={{ name: person.name, post: person.post, workUnit: person.workUnit, phone: person.phone }}
            submitText={person.householdCount > 1 ? `保存（更新 ${person.householdCount} 户）` : '保存'}
            onSubmit={update}
            onCancel={onClose}
          />
        </>
      ) : null}
      {mode === 'new' ? (
        <>
          <Typography.Paragraph type="secondary">只改本户：新人员作为本户的{label}，其他户不变。</Typography.Paragraph>
          <PersonForm key="new" submitText="保存" onSubmit={create} onCancel={onClose} />
        </>
      ) : null}
      {mode === 'pick' ? <PickPerson householdId={householdId} role={role} current={person} onSaved={onSaved} onCancel={onClose} /> : null}
    </Modal>
  );
}

function PickPerson({ householdId, role, current, onSaved, onCancel }: Omit<Props, 'person' | 'onClose'> & { current: ContactPerson | null; onCancel(): void }) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<ContactPerson[]>([]);
  const [searching, setSearching] = useState(false);
  const [chosen, setChosen] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);
  const latest = useRef(0);
  const showError = useShowError();
  const { message } = App.useApp();

  useEffect(() => {
    const q = query.trim();
    const request = ++latest.current;
    if (!q) return setFound([]);
    setSearching(true);
    const timer = setTimeout(() => {
      void callApi('contact.search', { query: q, limit: 20 }).then((r) => {
        if (request !== latest.current) return;
        setSearching(false);
        if (r.ok) setFound(r.value);
        else showError(r.error);
      });
    }, 250);
    return () => clearTimeout(timer);
  }, [query, showError]);

  const save = async () => {
    if (chosen === null) return;
    setSaving(true);
    try {
      onSaved(await api('contact.assign', { householdId, role, personId: chosen }));
      void message.success(`已把本户的${CONTACT_ROLE_LABEL[role]}换成所选人员`);
    } catch (err) {
      showError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Typography.Paragraph type="secondary">只改本户：从档案库中已有的帮扶干部里选一位，其他户不变。</Typography.Paragraph>
      <Select<number>
        showSearch={{ filterOption: false, onSearch: setQuery }}
        value={chosen ?? undefined}
        onChange={setChosen}
        style={{ width: '100%' }}
        placeholder="输入姓名或电话查找"
        data-testid="person-search"
        notFoundContent={searching ? <Spin size="small" /> : query.trim() ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有找到" /> : null}
        options={found.map((p) => ({
          value: p.id,
          disabled: p.id === current?.id,
          label: `${p.name}（${p.post}）`,
          person: p,
        }))}
        optionRender={(option) => {
          const p = (option.data as { person: ContactPerson }).person;
          return (
            <div style={{ lineHeight: 1.5 }}>
              <Typography.Text strong>{p.name}</Typography.Text>
              <Typography.Text type="secondary">（{p.post}）</Typography.Text>
              {p.id === current?.id ? <Typography.Text type="secondary"> · 当前人员</Typography.Text> : null}
              <div style={{ fontSize: 12, color: '#6b7280' }}>
                {p.workUnit || '—'} · {p.phone} · 服务 {p.householdCount} 户
              </div>
            </div>
          );
        }}
      />
      <Space style={{ display: 'flex', justifyContent: 'flex-end', marginTop: 24 }}>
        <Button onClick={onCancel}>取消</Button>
        <Button type="primary" disabled={chosen === null} loading={saving} onClick={() => void save()} data-testid="pick-save">
          改为此人
        </Button>
      </Space>
    </>
  );
}
