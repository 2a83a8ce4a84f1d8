// One 明白卡 contact (脱贫责任组组长 / 驻村第一书记 / 帮扶责任人): photo, name, post, work unit, phone and how many
// households the person serves; 编辑 opens the ContactEditor, 上传照片 stores a new photo (contact.setPhoto).
import { EditOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Typography, Upload } from 'antd';
import { useState } from 'react';
import { CONTACT_ROLE_LABEL, type ContactPerson, type ContactRole, type HouseholdDetail } from '../../../shared/domain';
import { api } from '../api/client';
import { useShowError } from '../api/errors';
import { readBase64 } from '../util/files';
import { ContactEditor } from './ContactEditor';
import { ContactPhoto, PHOTO_BOX } from './ContactPhoto';

const PHOTO_TYPES = ['image/jpeg', 'image/png'];
const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

interface Props {
  householdId: number;
  role: ContactRole;
  person: ContactPerson | null;
  onSaved(detail: HouseholdDetail): void;
}

export function ContactCard({ householdId, role, person, onSaved }: Props) {
  const [editing, setEditing] = useState(false);
  const [uploading, setUploading] = useState(false);
  const showError = useShowError();
  const { message } = App.useApp();
  const label = CONTACT_ROLE_LABEL[role];

  const uploadPhoto = async (file: File) => {
    if (!person) return;
    if (!PHOTO_TYPES.includes(file.type)) return void message.error('照片请用 JPG 或 PNG 格式');
    if (file.size > MAX_PHOTO_BYTES) return void message.error('照片文件过大（超过10MB），请先缩小');
    setUploading(true);
    try {
      await api('contact.setPhoto', { personId: person.id, fileName: file.name, contentBase64: await readBase64(file) });
      onSaved(await api('catalog.household', { id: householdId }));
      void message.success(person.householdCount > 1 ? `照片已保存（${person.householdCount} 户的明白卡同时更新）` : '照片已保存');
    } catch (err) {
      showError(err);
    } finally {
      setUploading(false);
    }
  };

  return (
    <Card
      size="small"
      title={label}
      data-testid={`contact-${role}`}
      style={{ height: '100%' }}
      extra={
        <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid={`edit-${role}`}>
          {person ? '编辑' : '设置'}
        </Button>
      }
    >
      {person ? (
        <div style={{ display: 'flex', gap: 12, alignItems: 'flex-start' }}>
          <div style={{ flex: 'none', width: PHOTO_BOX.width, textAlign: 'center' }}>
            <ContactPhoto sha256={person.photoSha256} name={person.name} testId={`photo-${role}`} />
            <Upload
              accept=".jpg,.jpeg,.png"
              showUploadList={false}
              beforeUpload={(file) => {
                void uploadPhoto(file);
                return Upload.LIST_IGNORE;
              }}
            >
              <Button size="small" type="link" icon={<UploadOutlined />} loading={uploading} style={{ paddingInline: 0, marginTop: 4, fontSize: 12 }}>
                {person.photoSha256 ? '换照片' : '上传照片'}
              </Button>
            </Upload>
          </div>
          <div style={{ minWidth: 0, flex: 1, lineHeight: 1.8 }}>
            <Typography.Text strong style={{ fontSize: 16 }} data-testid={`name-${role}`}>
              {person.name}
            </Typography.Text>
            <Field label="职务">{person.post}</Field>
            <Field label="单位">{person.workUnit || '—'}</Field>
            <Field label="电话">
              <span data-testid={`phone-${role}`}>{person.phone}</span>
            </Field>
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={`served-${role}`}>
              服务 {person.householdCount} 户
            </Typography.Text>
          </div>
        </div>
      ) : (
        <div style={{ display: 'flex', gap: 12, alignItems: 'center' }}>
          <ContactPhoto sha256={null} name="" />
          <Typography.Text type="warning">未设置{label}，请点「设置」。</Typography.Text>
        </div>
      )}
      {editing ? (
        <ContactEditor
          householdId={householdId}
          role={role}
          person={person}
          onClose={() => setEditing(false)}
          onSaved={(detail) => {
            setEditing(false);
            onSaved(detail);
          }}
        />
      ) : null}
    </Card>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div style={{ display: 'flex', gap: 6, fontSize: 13 }}>
      <span style={{ color: '#8c8c8c', flex: 'none' }}>{label}</span>
      <span style={{ minWidth: 0, overflowWrap: 'anywhere' }}>{children}</span>
    </div>
  );
}
