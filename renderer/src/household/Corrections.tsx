// Safe corrections on the household page (issue 15 item 3): every change asks for the reason, which the 操作记录
// keeps beside the old and new values; a 户类型 change is a dated event (动态调整) confirmed before it is saved, and
// its history is listed under the household. The 家庭户档 kept at home is recorded as made and handed over.
import { EditOutlined, SwapOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, DatePicker, Descriptions, Empty, Form, Input, InputNumber, Modal, Radio, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import type { HomeCopy, StatusEvent } from '../../../shared/corrections';
import { HOUSEHOLD_STATUS_COLOR, HOUSEHOLD_STATUS_LABEL, HOUSEHOLD_STATUSES, type HouseholdDetail, type HouseholdStatus, type Member } from '../../../shared/domain';
import { api } from '../api/client';
import { errorMessage } from '../api/errors';
import { useApiQuery } from '../api/useApiQuery';
import { useCatalogTree } from '../stores/catalogTree';
import { useLibrary } from '../stores/library';

const day = (d: Dayjs) => d.format('YYYY-MM-DD');
const REASON_RULES = [{ required: true, whitespace: true, min: 2, message: '请填写更正理由（至少2个字），它会记入操作记录' }];

/** A dialog that saves through `save`, shows the engine's Chinese message on failure and stays open. */
function CorrectionDialog<V extends object>(props: {
  title: string;
  okText?: string;
  initialValues: Partial<V>;
  onClose(): void;
  save(values: V): Promise<void>;
  children: ReactNode;
  testId: string;
}) {
  const [form] = Form.useForm<V>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const values = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      await props.save(values);
      props.onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title={props.title} okText={props.okText ?? '保存更正'} cancelText="取消" confirmLoading={saving} onCancel={props.onClose} onOk={() => void submit().catch(() => undefined)} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={props.initialValues as never} data-testid={props.testId}>
        {props.children}
      </Form>
      {error ? <Alert type="error" showIcon title={error} data-testid="correction-error" /> : null}
    </Modal>
  );
}

function ReasonField() {
  return (
    <Form.Item name="reason" label="更正理由" rules={REASON_RULES} extra="例如：按户口簿更正、户主更换手机号">
      <Input.TextArea rows={2} maxLength={200} data-testid="correction-reason" />
    </Form.Item>
  );
}

/** 更正 of 自然村, 联系电话, 人数. */
export function CorrectHouseholdButton({ household: h, onSaved }: { household: HouseholdDetail; onSaved(detail: HouseholdDetail): void }) {
  const [open, setOpen] = useState(false);
  const { message } = App.useApp();
  const changed = useLibrary((s) => s.changed);
  return (
    <>
      <Button size="small" icon={<EditOutlined />} onClick={() => setOpen(true)} data-testid="correct-household">
        更正户信息
      </Button>
      {open ? (
        <CorrectionDialog<{ naturalVillage: string; phone: string; declaredSize: number | null; reason: string }>
          title="更正户信息"
          testId="correct-household-form"
          initialValues={{ naturalVillage: h.naturalVillage ?? '', phone: h.phone ?? '', declaredSize: h.declaredSize }}
          onClose={() => setOpen(false)}
          save={async (v) => {
            const detail = await api('household.correct', { id: h.unit.id, naturalVillage: v.naturalVillage ?? '', phone: v.phone ?? '', declaredSize: v.declaredSize ?? null, reason: v.reason });
            onSaved(detail);
            void changed();
            void message.success('户信息已更正，理由已记入操作记录');
          }}
        >
          <Form.Item name="naturalVillage" label="自然村">
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="phone" label="联系电话" extra="手机11位，座机如 0371-12345678；留空表示无">
            <Input maxLength={20} data-testid="correct-phone" />
          </Form.Item>
          <Form.Item name="declaredSize" label="人数（花名册）" extra={`在册成员 ${h.members.length} 人`}>
            <InputNumber min={1} max={30} precision={0} data-testid="correct-size" />
          </Form.Item>
          <ReasonField />
        </CorrectionDialog>
      ) : null}
    </>
  );
}

/** 更正 of one member's 姓名, 身份证号 (checked per GB 11643 by the engine), 与户主关系. */
export function CorrectMemberButton({ member, onSaved }: { member: Member; onSaved(detail: HouseholdDetail): void }) {
  const [open, setOpen] = useState(false);
  const { message } = App.useApp();
  const changed = useLibrary((s) => s.changed);
  return (
    <>
      <Typography.Link onClick={() => setOpen(true)} data-testid="correct-member">
        更正
      </Typography.Link>
      {open ? (
        <CorrectionDialog<{ name: string; idNumber: string; relation: string; reason: string }>
          title={`更正家庭成员：${member.name}`}
          testId="correct-member-form"
          initialValues={{ name: member.name, idNumber: '', relation: member.relation }}
          onClose={() => setOpen(false)}
          save={async (v) => {
            const idNumber = v.idNumber?.trim();
            const detail = await api('member.correct', {
              memberId: member.id,
              ...(v.name !== member.name ? { name: v.name } : {}),
              ...(v.relation !== member.relation ? { relation: v.relation } : {}),
              ...(idNumber ? { idNumber } : {}),
              reason: v.reason,
            });
            onSaved(detail);
            void changed();
            void message.success(`${v.name} 的信息已更正`);
          }}
        >
          <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
            <Input maxLength={20} />
          </Form.Item>
          <Form.Item
            name="idNumber"
            label="身份证号"
            extra={`现为 ${member.idNumberMasked || '—'}；只在需要更正时填写完整的18位号码，性别和出生日期随之更新`}
            rules={[{ pattern: /^\s*\d{17}[\dXx]\s*$/, message: '身份证号应为18位（前17位数字，最后一位数字或X）' }]}
          >
            <Input maxLength={24} placeholder="不更正请留空" data-testid="correct-id-number" />
          </Form.Item>
          <Form.Item name="relation" label="与户主关系" rules={[{ required: true, whitespace: true, message: '请填写与户主关系' }]}>
            <Input maxLength={10} />
          </Form.Item>
          <ReasonField />
        </CorrectionDialog>
      ) : null}
    </>
  );
}

function StatusBadge({ status }: { status: HouseholdStatus }) {
  const colour = HOUSEHOLD_STATUS_COLOR[status];
  return <Badge color={colour === 'default' ? '#bfbfbf' : colour} text={HOUSEHOLD_STATUS_LABEL[status]} />;
}

/** 调整户类型: the new type, the date it took effect and why; confirmed in a second step. */
export function ChangeStatusButton({ household: h, onSaved }: { household: HouseholdDetail; onSaved(detail: HouseholdDetail): void }) {
  const [open, setOpen] = useState(false);
  const { modal, message } = App.useApp();
  const patchHousehold = useCatalogTree((s) => s.patchHousehold);
  const changed = useLibrary((s) => s.changed);
  return (
    <>
      <Button size="small" icon={<SwapOutlined />} onClick={() => setOpen(true)} data-testid="change-status">
        调整户类型
      </Button>
      {open ? (
        <CorrectionDialog<{ status: HouseholdStatus; effectiveDate: Dayjs; reason: string }>
          title="调整户类型（动态调整）"
          okText="下一步"
          testId="change-status-form"
          initialValues={{ effectiveDate: dayjs() }}
          onClose={() => setOpen(false)}
          save={async (v) => {
            const date = day(v.effectiveDate);
            const confirmed = await modal.confirm({
              title: '确认调整户类型',
              content: `把本户从“${HOUSEHOLD_STATUS_LABEL[h.status]}”调整为“${HOUSEHOLD_STATUS_LABEL[v.status]}”，调整日期 ${date}。调整记入本户的调整记录和操作记录，并进入相应台账。`,
              okText: '确认调整',
              cancelText: '返回修改',
            });
            if (!confirmed) throw new Error('未确认，户类型没有改动');
            const detail = await api('household.changeStatus', { id: h.unit.id, status: v.status, effectiveDate: date, reason: v.reason, confirmed: true });
            onSaved(detail);
            patchHousehold(detail.unit.id, detail.status);
            void changed();
            void message.success(`户类型已改为“${HOUSEHOLD_STATUS_LABEL[detail.status]}”`);
          }}
        >
          <Form.Item label="现户类型">
            <StatusBadge status={h.status} />
          </Form.Item>
          <Form.Item name="status" label="调整为" rules={[{ required: true, message: '请选择新的户类型' }]}>
            <Radio.Group data-testid="change-status-choice">
              {HOUSEHOLD_STATUSES.filter((s) => s !== h.status).map((s) => (
                <Radio.Button key={s} value={s}>
                  <StatusBadge status={s} />
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item name="effectiveDate" label="调整日期" rules={[{ required: true, message: '请选择调整生效的日期' }]} extra="乡镇审核、县审定的日期，不是录入的日期">
            <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="change-status-date" />
          </Form.Item>
          <Form.Item name="reason" label="调整理由" rules={REASON_RULES}>
            <Input.TextArea rows={2} maxLength={200} placeholder="例如：因病支出骤增，经村民代表大会评议纳入监测" data-testid="correction-reason" />
          </Form.Item>
        </CorrectionDialog>
      ) : null}
    </>
  );
}

/** 户类型调整记录: the household's 动态调整 events, newest first. */
export function StatusEvents({ householdId }: { householdId: number }) {
  const events = useApiQuery('household.statusEvents', { id: householdId });
  return (
    <Table<StatusEvent>
      size="small"
      rowKey="id"
      pagination={false}
      loading={events.loading}
      dataSource={events.data ?? []}
      data-testid="status-events"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有户类型调整记录（导入花名册时的户类型除外）" /> }}
      columns={[
        { title: '调整日期', dataIndex: 'effectiveDate', width: 110 },
        { title: '调整前', dataIndex: 'from', width: 120, render: (s: HouseholdStatus) => <StatusBadge status={s} /> },
        { title: '调整后', dataIndex: 'to', width: 120, render: (s: HouseholdStatus) => <StatusBadge status={s} /> },
        { title: '理由', dataIndex: 'reason' },
        { title: '登记人', dataIndex: 'recordedBy', width: 160 },
      ]}
    />
  );
}

/** 家庭户档: made and handed over to the household (it stays there; Dangka keeps this record instead of its scans). */
export function HomeCopyPanel({ householdId, headName }: { householdId: number; headName: string | null }) {
  const record = useApiQuery('homeCopy.get', { householdId });
  const [open, setOpen] = useState(false);
  const { message } = App.useApp();
  const changed = useLibrary((s) => s.changed);
  const r: HomeCopy | null | undefined = record.data;
  return (
    <div data-testid="home-copy">
      {r ? (
        <Descriptions size="small" column={3}>
          <Descriptions.Item label="制作日期">{r.madeOn}</Descriptions.Item>
          <Descriptions.Item label="交付日期">{r.handedOn}</Descriptions.Item>
          <Descriptions.Item label="接收人">{r.handedTo}</Descriptions.Item>
        </Descriptions>
      ) : record.data === null ? (
        <Typography.Paragraph type="warning" style={{ marginBottom: 8 }}>
          尚未登记家庭户档的制作和交付：登记后，完整性检查不再要求家庭户档的扫描件。
        </Typography.Paragraph>
      ) : null}
      <Button size="small" onClick={() => setOpen(true)} data-testid="home-copy-edit">
        {r ? '修改交付记录' : '登记交付'}
      </Button>
      {open ? (
        <CorrectionDialog<{ madeOn: Dayjs; handedOn: Dayjs; handedTo: string }>
          title="家庭户档交付记录"
          okText="保存"
          testId="home-copy-form"
          initialValues={{ madeOn: r ? dayjs(r.madeOn) : dayjs(), handedOn: r ? dayjs(r.handedOn) : dayjs(), handedTo: r?.handedTo ?? headName ?? '' }}
          onClose={() => setOpen(false)}
          save={async (v) => {
            record.setData(await api('homeCopy.set', { householdId, madeOn: day(v.madeOn), handedOn: day(v.handedOn), handedTo: v.handedTo }));
            void changed();
            void message.success('家庭户档交付记录已保存');
          }}
        >
          <Form.Item name="madeOn" label="制作日期" rules={[{ required: true, message: '请选择制作日期' }]}>
            <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="handedOn" label="交付日期" rules={[{ required: true, message: '请选择交付日期' }]}>
            <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="handedTo" label="接收人" rules={[{ required: true, whitespace: true, message: '请填写接收人' }]} extra="户主或其他家庭成员的姓名">
            <Input maxLength={20} data-testid="home-copy-to" />
          </Form.Item>
        </CorrectionDialog>
      ) : null}
    </div>
  );
}
