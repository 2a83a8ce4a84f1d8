// One 明白卡 contact (组长 / 第一书记 / 帮扶责任人): photo, name, post, unit, phone; edited with validation. A person
// serves many households, so editing them changes every card they are on (the dialog says how many).
import { Alert, App, Avatar, Button, Card, Form, Input, Modal, Select, Space, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { DangkaError } from '../../../shared/errors';
import { CONTACT_ROLE_LABEL, type ContactPerson, type ContactRole, type HouseholdDetail } from '../../../shared/domain';
import { normalizePhone, PHONE_MESSAGE } from '../../../shared/phone';
import { api } from '../api/client';

interface Props {
  householdId: number;
  role: ContactRole;
  person: ContactPerson | null;
  onSaved(detail: HouseholdDetail): void;
}

interface Fields {
  name: string;
  post: string;
  workUnit: string;
  phone: string;
}

function usePhoto(sha256: string | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    setUrl(null);
    if (sha256) void api('file.dataUrl', { sha256 }).then(setUrl, () => setUrl(null));
  }, [sha256]);
  return url;
}

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new Error('无法读取所选文件'));
    reader.readAsDataURL(file);
  });
}

export function ContactCard({ householdId, role, person, onSaved }: Props) {
  const [editing, setEditing] = useState(false);
  const photo = usePhoto(person?.photoSha256 ?? null);
  const { message } = App.useApp();
  const label = CONTACT_ROLE_LABEL[role];

  const refresh = async () => onSaved(await api('catalog.household', { id: householdId }));
  const uploadPhoto = async (file: File) => {
    if (!person) return;
    try {
      await api('contact.setPhoto', { personId: person.id, fileName: file.name, contentBase64: await readBase64(file) });
      await refresh();
      message.success('照片已保存');
    } catch (err) {
      message.error((err as Error).message);
    }
  };

  return (
    <Card
      size="small"
      title={label}
      data-testid={`contact-${role}`}
      extra={
        <Button size="small" onClick={() => setEditing(true)} data-testid={`edit-${role}`}>
          {person ? '编辑' : '设置'}
        </Button>
      }
    >
      {person ? (
        <Space align="start">
          {photo ? (
            <img src={photo} alt={`${person.name}的照片`} style={{ width: 75, height: 105, objectFit: 'cover', border: '1px solid #ddd' }} />
          ) : (
            <Avatar shape="square" style={{ width: 75, height: 105, lineHeight: '105px', background: '#eee', color: '#c00' }}>
              无照片
            </Avatar>
          )}
          <div>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {person.name}
            </Typography.Title>
            <div>{person.post}</div>
            <div>{person.workUnit}</div>
            <div data-testid={`phone-${role}`}>{person.phone}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              服务 {person.householdCount} 户
            </Typography.Text>
            <div>
              <Upload accept="image/jpeg,image/png" showUploadList={false} beforeUpload={(f) => (void uploadPhoto(f), false)}>
                <Button size="small" type="link" style={{ padding: 0 }}>
                  {person.photoSha256 ? '更换照片' : '上传照片'}
                </Button>
              </Upload>
            </div>
          </div>
        </Space>
      ) : (
        <Typography.Text type="warning">未设置{label}</Typography.Text>
      )}
      {editing ? (
        <ContactEditor
          householdId={householdId}
          role={role}
          person={person}
          onClose={() => setEditing(false)}
          onSaved={(detail) => {
            onSaved(detail);
            setEditing(false);
          }}
        />
      ) : null}
    </Card>
  );
}

function ContactEditor({ householdId, role, person, onClose, onSaved }: Props & { onClose(): void }) {
  const [form] = Form.useForm<Fields>();
  const [saving, setSaving] = useState(false);
  const [others, setOthers] = useState<ContactPerson[]>([]);
  const { message } = App.useApp();

  const showServerError = (err: unknown) => {
    if (err instanceof DangkaError && err.fields) {
      const fields = Object.entries(err.fields)
        .filter(([k]) => k.startsWith('person.'))
        .map(([k, v]) => ({ name: k.slice('person.'.length) as keyof Fields, errors: [v] }));
      if (fields.length) return form.setFields(fields);
    }
    message.error((err as Error).message);
  };

  const save = async (values: Fields) => {
    setSaving(true);
    try {
      if (person) {
        await api('contact.update', { personId: person.id, person: values });
        onSaved(await api('catalog.household', { id: householdId }));
      } else {
        onSaved(await api('contact.assign', { householdId, role, person: values }));
      }
      message.success('联系人已保存');
    } catch (err) {
      showServerError(err);
    } finally {
      setSaving(false);
    }
  };

  const pick = async (personId: number) => {
    try {
      onSaved(await api('contact.assign', { householdId, role, personId }));
      message.success('已改为所选联系人');
    } catch (err) {
      showServerError(err);
    }
  };

  return (
    <Modal open title={`${person ? '编辑' : '设置'}${CONTACT_ROLE_LABEL[role]}`} onCancel={onClose} onOk={() => form.submit()} okText="保存" cancelText="取消" confirmLoading={saving} destroyOnHidden>
      {person && person.householdCount > 1 ? (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message={`此人服务 ${person.householdCount} 户：修改会同时更新这些户的明白卡`} />
      ) : null}
      <Form<Fields>
        form={form}
        layout="vertical"
        initialValues={person ?? { name: '', post: '', workUnit: '', phone: '' }}
        onFinish={save}
      >
        <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }, { max: 20 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="post" label="职务" rules={[{ required: true, whitespace: true, message: '请填写职务' }, { max: 40 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="workUnit" label="工作单位" rules={[{ max: 60 }]}>
          <Input />
        </Form.Item>
        <Form.Item
          name="phone"
          label="联系电话"
          rules={[
            { required: true, message: '请填写联系电话' },
            { validator: (_, v: string) => (!v || normalizePhone(v) ? Promise.resolve() : Promise.reject(new Error(PHONE_MESSAGE))) },
          ]}
        >
          <Input data-testid="phone-input" />
        </Form.Item>
      </Form>
      <Typography.Text type="secondary">或改为已有联系人：</Typography.Text>
      <Select<number>
        showSearch
        style={{ width: '100%' }}
        placeholder="输入姓名或电话查找"
        filterOption={false}
        onSearch={(q) => void api('contact.search', { query: q }).then(setOthers, () => setOthers([]))}
        onSelect={(id) => void pick(id)}
        options={others.map((p) => ({ value: p.id, label: `${p.name}（${p.post}，${p.workUnit}，${p.phone}）` }))}
        notFoundContent={null}
      />
    </Modal>
  );
}
