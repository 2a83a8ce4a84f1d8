// A new password typed twice (first run, 修改密码, 重置密码): at least 8 characters as the engine requires, and
// the two must agree before anything is sent.
import { Form, Input } from 'antd';

/** The rules of a new password, as shared/api.ts's newPassword checks it. */
export const NEW_PASSWORD_RULES = [
  { required: true, message: '请设置密码' },
  { min: 8, message: '密码至少8位' },
];

export function NewPasswordFields({ name, label, testId, extra }: { name: string; label: string; testId: string; extra?: string }) {
  return (
    <>
      <Form.Item name={name} label={label} rules={NEW_PASSWORD_RULES} extra={extra}>
        <Input.Password maxLength={128} autoComplete="new-password" data-testid={testId} />
      </Form.Item>
      <Form.Item
        name={`${name}2`}
        label={`确认${label}`}
        dependencies={[name]}
        rules={[
          { required: true, message: `请再输入一次${label}` },
          ({ getFieldValue }) => ({
            validator: (_, v?: string) => (!v || v === getFieldValue(name) ? Promise.resolve() : Promise.reject(new Error('两次输入的密码不一致'))),
          }),
        ]}
      >
        <Input.Password maxLength={128} autoComplete="new-password" data-testid={`${testId}2`} />
      </Form.Item>
    </>
  );
}
