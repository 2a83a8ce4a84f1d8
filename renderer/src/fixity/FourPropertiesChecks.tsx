// A 四性检测's result as the clerk reads it, the same for the library (用户管理 → 四性检测) and for a package or backup
// (数据包 → 校验数据包, and the import's preview): the four properties of DA/T 70 each passed or not, then every check
// with its failures named (file, reason); and the report (PDF) the job kept, saved for the acceptance's file.
import { CheckCircleFilled, CloseCircleFilled, DownloadOutlined } from '@ant-design/icons';
import { Button, Space, Table, Tag } from 'antd';
import { FOUR_PROPERTIES, type FourPropertyCheck } from '../../../shared/fixity';
import { useShowError } from '../api/errors';
import { saveJobFile } from '../jobs/saveJobFile';

/** Failures listed on screen per check; the report lists as many and counts the rest. */
const LISTED = 200;

/** table false: the four properties only (where all passed and the checks are not the page's subject). */
export function FourPropertiesChecks({ checks, testId, table = true }: { checks: readonly FourPropertyCheck[]; testId: string; table?: boolean }) {
  return (
    <>
      <Space size={8} wrap data-testid={`${testId}-properties`}>
        {FOUR_PROPERTIES.map((property) => {
          const failed = checks.filter((c) => c.property === property && !c.passed).reduce((n, c) => n + c.failures.length, 0);
          return failed ? (
            <Tag key={property} color="error" icon={<CloseCircleFilled />} data-testid={`${testId}-property-failed`}>
              {property}：不通过（{failed} 项）
            </Tag>
          ) : (
            <Tag key={property} color="success" icon={<CheckCircleFilled />} data-testid={`${testId}-property-passed`}>
              {property}：通过
            </Tag>
          );
        })}
      </Space>
      {table ? <Table<FourPropertyCheck>
        style={{ marginTop: 12 }}
        size="small"
        pagination={false}
        rowKey={(c) => `${c.property}-${c.name}`}
        dataSource={[...checks]}
        data-testid={`${testId}-checks`}
        expandable={{
          rowExpandable: (c) => !c.passed,
          defaultExpandAllRows: true,
          expandedRowRender: (c) => (
            <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid={`${testId}-failures`}>
              {c.failures.slice(0, LISTED).map((f) => (
                <li key={f}>{f}</li>
              ))}
              {c.failures.length > LISTED ? <li>……另有 {c.failures.length - LISTED} 项（见检测报告）</li> : null}
            </ul>
          ),
        }}
        columns={[
          { title: '检测项目', dataIndex: 'property', width: 90 },
          { title: '检测内容', dataIndex: 'name' },
          { title: '检查数', dataIndex: 'checked', width: 90, align: 'right' },
          {
            title: '结果',
            key: 'passed',
            width: 130,
            render: (_, c) => (c.passed ? <Tag color="success">通过</Tag> : <Tag color="error">不通过（{c.failures.length} 项）</Tag>),
          },
        ]}
      /> : null}
    </>
  );
}

/** 保存检测报告（PDF）: the report the 四性检测 job kept as its result file (job.resultFile), saved where the clerk chooses. */
export function SaveReportButton({ jobId, testId }: { jobId: string; testId: string }) {
  const showError = useShowError();
  const save = async () => {
    try {
      await saveJobFile(jobId);
    } catch (err) {
      showError(err);
    }
  };
  return (
    <Button icon={<DownloadOutlined />} onClick={() => void save()} data-testid={testId}>
      保存检测报告（PDF）
    </Button>
  );
}
