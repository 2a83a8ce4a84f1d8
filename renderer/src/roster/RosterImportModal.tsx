// 导入花名册: pick the national system's per-person .xlsx/.csv, choose all-or-nothing or 仅导入无误的户, watch the
// progress (cancel any time before the write), then the summary and the problem list.
import { InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Modal, Space, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { MAX_UPLOAD_BYTES } from '../../../shared/api';
import { TemplateDownloadButton } from '../importTemplates/TemplateDownloadButton';
import { useRosterImport } from '../stores/rosterImport';
import { formatBytes } from '../util/files';
import { RosterProgress } from './RosterProgress';
import { RosterResult } from './RosterResult';

const ACCEPT = /\.(xlsx|csv)$/i;

export function RosterImportModal() {
  const s = useRosterImport();
  const running = s.starting || s.job?.status === 'running';
  const finished = s.job && s.job.status !== 'running' ? s.job : null;

  const footer = (
    <Space>
      {running && s.job ? (
        <Button danger onClick={() => void s.cancel()} loading={s.cancelling} data-testid="roster-cancel">
          取消导入
        </Button>
      ) : null}
      {finished ? (
        <Button onClick={s.again} data-testid="roster-again">
          再导入一个文件
        </Button>
      ) : null}
      {!s.job ? (
        <>
          <Button onClick={s.hide} disabled={s.starting}>
            关闭
          </Button>
          <Button type="primary" disabled={!s.file} loading={s.starting} onClick={() => void s.start()} data-testid="roster-start">
            开始导入
          </Button>
        </>
      ) : null}
      {finished ? (
        <Button type="primary" onClick={s.hide} data-testid="roster-close">
          完成
        </Button>
      ) : null}
    </Space>
  );

  const fileList: UploadFile[] = s.file ? [{ uid: 'roster', name: `${s.file.name}（${formatBytes(s.file.size)}）`, status: 'done' }] : [];

  return (
    <Modal
      open={s.open}
      title="导入花名册"
      width={880}
      onCancel={s.hide}
      closable={!running}
      keyboard={!running}
      mask={{ closable: false }}
      footer={footer}
      destroyOnHidden
    >
      {!s.job ? (
        <>
          <Typography.Paragraph type="secondary">
            国扶系统（全国防返贫监测信息系统）导出的人员花名册：每人一行，按“户编号”分户，列的顺序不限。没有导出文件时，可下载模板按说明填写。
          </Typography.Paragraph>
          <div style={{ marginBottom: 12 }}>
            <TemplateDownloadButton kind="roster" />
          </div>
          <Upload.Dragger
            accept=".xlsx,.csv"
            maxCount={1}
            disabled={s.starting}
            fileList={fileList}
            beforeUpload={(file) => {
              if (!ACCEPT.test(file.name)) {
                s.pick(null);
                useRosterImport.setState({ error: `“${file.name}”不是 .xlsx 或 .csv 文件。旧版 .xls 请先用 Excel 或 WPS 另存为 .xlsx。` });
              } else if (file.size > MAX_UPLOAD_BYTES) {
                s.pick(null);
                useRosterImport.setState({ error: `文件过大（${formatBytes(file.size)}，上限 100MB）` });
              } else s.pick(file);
              return false;
            }}
            onRemove={() => s.pick(null)}
            data-testid="roster-dragger"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">点击选择，或把花名册文件拖到这里</p>
            <p className="ant-upload-hint">支持 .xlsx 和 .csv（UTF-8 或 GBK 编码）</p>
          </Upload.Dragger>
          <Checkbox checked={s.keepValid} onChange={(e) => s.setKeepValid(e.target.checked)} style={{ marginTop: 16 }} data-testid="roster-keep-valid">
            仅导入无误的户
          </Checkbox>
          <Typography.Paragraph type="secondary" style={{ marginTop: 4, marginBottom: 0, marginInlineStart: 24, fontSize: 12 }}>
            不勾选时：表格中有任何问题就一户都不导入，先列出问题。勾选后：没有问题的户照常导入，有问题的户列出、不导入。
          </Typography.Paragraph>
        </>
      ) : null}
      {running && s.job ? <RosterProgress job={s.job} cancelling={s.cancelling} /> : null}
      {finished && finished.status === 'done' && finished.result ? <RosterResult result={finished.result} /> : null}
      {finished && finished.status === 'cancelled' ? (
        <Alert type="info" showIcon title="已取消导入" description={finished.error?.message ?? '档案库没有任何改动。'} data-testid="roster-result" />
      ) : null}
      {finished && finished.status === 'failed' ? (
        <Alert type="error" showIcon title="导入失败" description={finished.error?.message ?? '程序内部错误，请联系技术支持'} data-testid="roster-result" />
      ) : null}
      {s.error ? <Alert type="error" showIcon title={s.error} style={{ marginTop: 16 }} data-testid="roster-error" /> : null}
    </Modal>
  );
}
