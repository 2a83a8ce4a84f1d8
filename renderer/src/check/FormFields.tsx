// The fields of a form as its one description lists them (shared/forms.ts FORMS): a control per field under the
// field's label, and for a list field (公示名单, 帮扶措施) a row per item with a control per described column. Kept
// apart from the editor's dialog (which talks to the engine) so the labels can be checked without a browser.
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Input, InputNumber, Select, Space } from 'antd';
import { FORMS, MEETING_STAGE_LABEL, MEETING_STAGES, NOTICE_KINDS, PROCEDURE_STEPS, type FieldSpec, type FormType } from '../../../shared/forms';

type Values = Record<string, unknown>;

function Field({ spec, type }: { spec: FieldSpec; type: FormType }) {
  const rules = spec.required ? [{ required: true, message: `请填写${spec.label}` }] : [];
  switch (spec.kind) {
    case 'date':
      return (
        <Form.Item name={spec.key} label={spec.label} rules={rules}>
          <DatePicker style={{ width: 200 }} data-testid={`form-${spec.key}`} />
        </Form.Item>
      );
    case 'int':
    case 'year':
    case 'money':
      return (
        <Form.Item name={spec.key} label={spec.label} rules={rules}>
          <InputNumber min={0} precision={spec.kind === 'money' ? 2 : 0} style={{ width: 200 }} data-testid={`form-${spec.key}`} />
        </Form.Item>
      );
    case 'text':
      return (
        <Form.Item name={spec.key} label={spec.label} rules={rules}>
          <Input maxLength={500} data-testid={`form-${spec.key}`} />
        </Form.Item>
      );
    case 'stage':
      return (
        <Form.Item name={spec.key} label={spec.label} rules={rules}>
          <Select style={{ width: 240 }} options={MEETING_STAGES.map((s) => ({ value: s, label: MEETING_STAGE_LABEL[s] }))} />
        </Form.Item>
      );
    case 'noticeKind':
      return (
        <Form.Item name={spec.key} label={spec.label} rules={rules}>
          <Select style={{ width: 240 }} options={NOTICE_KINDS.map((k) => ({ value: k, label: k }))} />
        </Form.Item>
      );
    case 'step':
      return (
        <Form.Item name={spec.key} label={spec.label} rules={rules}>
          <Select style={{ width: 240 }} options={PROCEDURE_STEPS.map((k) => ({ value: k, label: k }))} />
        </Form.Item>
      );
    case 'list':
      return (
        <Form.Item name={spec.key} label={spec.label}>
          <Select mode="tags" style={{ width: 320 }} placeholder="输入后回车，可填多项" />
        </Form.Item>
      );
    case 'households':
    case 'measures':
      return <ItemRows spec={spec} type={type} />;
  }
}

const ADD_ITEM: Record<'households' | 'measures', { text: string; initial: Values }> = {
  households: { text: '添加一户', initial: { size: 1 } },
  measures: { text: '添加措施', initial: {} },
};
const ITEM_WIDTH: Partial<Record<FieldSpec['kind'], number>> = { int: 80, money: 110 };

/** A list field (公示名单, 帮扶措施): a row per item, a control per column of the form's description. */
function ItemRows({ spec, type }: { spec: FieldSpec; type: FormType }) {
  const columns = FORMS[type].items!.columns;
  const add = ADD_ITEM[spec.kind as keyof typeof ADD_ITEM];
  return (
    <Form.Item label={spec.label}>
      <Form.List name={spec.key}>
        {(rows, { add: addRow, remove }) => (
          <>
            {rows.map((row) => (
              <Space key={row.key} align="baseline">
                {columns.map((c) => (
                  <Form.Item key={c.key} name={[row.name, c.key]} rules={c.required ? [{ required: true, message: `请填写${c.label}` }] : []}>
                    {c.kind === 'int' || c.kind === 'money' ? (
                      <InputNumber placeholder={c.label} min={c.kind === 'int' ? 1 : 0} style={{ width: ITEM_WIDTH[c.kind] }} />
                    ) : (
                      <Input placeholder={c.label} style={{ width: c.key === 'content' ? 220 : 130 }} />
                    )}
                  </Form.Item>
                ))}
                <MinusCircleOutlined onClick={() => remove(row.name)} />
              </Space>
            ))}
            <Button type="dashed" onClick={() => addRow(add.initial)} icon={<PlusOutlined />}>
              {add.text}
            </Button>
          </>
        )}
      </Form.List>
    </Form.Item>
  );
}

export function FormFields({ type }: { type: FormType }) {
  return (
    <>
      {FORMS[type].fields.map((spec) => (
        <Field key={spec.key} spec={spec} type={type} />
      ))}
    </>
  );
}
