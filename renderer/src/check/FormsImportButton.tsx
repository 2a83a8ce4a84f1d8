// 从Excel导入表单: a workbook with sheets 申请书, 四议会议, 公示公告, 信息采集表, 明白卡 (Chinese headers). Nothing is
// imported while any row has a problem; the problems are listed by sheet, row and column.
import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, List, Modal, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { FormsImportResult } from '../../../shared/domain';
import { FORM_LABEL, type FormType } from '../../../shared/forms';
import { api } from '../api/client';
import { useJob } from '../api/useJob';
import { TemplateDownloadButton } from '../importTemplates/TemplateDownloadButton';
import { readBase64 } from '../util/files';

export function FormsImportButton({ onImported }: { onImported(): void }) {
  const [open, setOpen] = useState(false);
  const importing = useJob<FormsImportResult>();
  const { job } = importing;
  const busy = importing.running;
  const result = job?.status === 'done' ? job.result : null;
  const error = importing.error ?? (job && job.status !== 'running' && job.status !== 'done' ? (job.error?.message ?? '导入失败') : null);
  const run = async (file: File) => {
    await importing.start(
      async () => api('forms.importStart', { fileName: file.name, contentBase64: await readBase64(file) }),
      (state) => {
        if (state.status === 'done' && state.result?.applied) onImported();
      },
    );
  };
  return (
    <>
      <Button
        icon={<UploadOutlined />}
        onClick={() => {
          // A finished import's result belongs to that file: the dialog opens clean for the next one.
          if (!busy) importing.reset();
          setOpen(true);
        }}
      >
        从Excel导入表单
      </Button>
      <Modal open={open} title="从Excel导入表单记录" footer={null} onCancel={() => setOpen(false)} width={640}>
        <Typography.Paragraph type="secondary">
          工作表名为 申请书、四议会议、公示公告、信息采集表、明白卡，第一行为表头（如 户编号、申请日期、申请人；村、识别年度、会议、会议日期、应到、实到、签到、赞成），可下载模板按说明填写。任何一行有错误时不导入任何数据；再次导入会替换上次从表格导入的记录，手工录入的不变。
        </Typography.Paragraph>
        <Space>
          <Upload accept=".xlsx" showUploadList={false} beforeUpload={(file) => (void run(file), false)} disabled={busy}>
            <Button type="primary" loading={busy}>
              选择 .xlsx 文件
            </Button>
          </Upload>
          <TemplateDownloadButton kind="forms" />
        </Space>
        {error ? <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} data-testid="forms-import-error" /> : null}
        {result?.applied ? (
          <Alert
            type="success"
            showIcon
            style={{ marginTop: 12 }}
            data-testid="forms-import-done"
            message={`已导入：${Object.entries(result.records).filter(([, n]) => n > 0).map(([t, n]) => `${FORM_LABEL[t as FormType]} ${n} 条`).join('，') || '没有记录'}；已重新检查有关的村`}
          />
        ) : null}
        {result && !result.applied ? (
          <>
            <Alert type="warning" showIcon style={{ marginTop: 12 }} data-testid="forms-import-problems" message={`有 ${result.problems.length} 处问题，未导入任何数据：请改正后重新导入`} />
            <List
              size="small"
              style={{ maxHeight: 320, overflow: 'auto' }}
              dataSource={result.problems}
              renderItem={(p) => (
                <List.Item>
                  {p.row !== null ? `第${p.row}行 ` : ''}
                  {p.column ? `[${p.column}] ` : ''}
                  {p.message}
                </List.Item>
              )}
            />
          </>
        ) : null}
      </Modal>
    </>
  );
}
