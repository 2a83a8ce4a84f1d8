// The end of a roster import: what was written (新建/更新/跳过 households, persons, new townships and villages)
// and every problem by row and column, so the clerk can fix the sheet. Says plainly whether anything changed.
import { Alert, Descriptions, Table, Typography } from 'antd';
import type { RosterImportResult, RosterProblem } from '../../../shared/domain';

export function RosterResult({ result }: { result: RosterImportResult }) {
  const h = result.households;
  const problems = result.problems.length;
  let notice: React.ReactNode;
  if (!result.applied) {
    notice = (
      <Alert
        type="error"
        showIcon
        title="未导入任何数据"
        description={
          problems
            ? `花名册中有 ${problems} 处问题，档案库没有任何改动。请在表格中改正下列问题后重新导入；或勾选「仅导入无误的户」，先导入没有问题的户。`
            : '档案库没有任何改动。'
        }
      />
    );
  } else if (h.skipped > 0) {
    notice = (
      <Alert
        type="warning"
        showIcon
        title={`只导入了无误的户：有问题的 ${h.skipped} 户未导入`}
        description="请改正下列问题后再导入一次；已导入的户会按户编号更新，不会重复。"
      />
    );
  } else {
    notice = <Alert type="success" showIcon title="导入完成" description={problems ? '下列提示不影响导入，请核对。' : undefined} />;
  }

  return (
    <div data-testid="roster-result">
      {notice}
      <Descriptions size="small" column={3} bordered style={{ marginTop: 12 }} data-testid="roster-summary">
        <Descriptions.Item label="新建户">{h.created}</Descriptions.Item>
        <Descriptions.Item label="更新户">{h.updated}</Descriptions.Item>
        <Descriptions.Item label="跳过户">{h.skipped}</Descriptions.Item>
        <Descriptions.Item label="人数">{result.persons}</Descriptions.Item>
        <Descriptions.Item label="新建乡镇">{result.townshipsCreated}</Descriptions.Item>
        <Descriptions.Item label="新建村">{result.villagesCreated}</Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0', fontSize: 12 }}>
        表格共 {result.fileRows} 行人员数据。
      </Typography.Paragraph>
      {problems ? (
        <>
          <Typography.Title level={5} style={{ marginTop: 12 }}>
            问题清单（{problems} 处）
          </Typography.Title>
          <Table<RosterProblem>
            data-testid="roster-problems"
            size="small"
            rowKey={(p) => `${p.row}-${p.column}-${p.householdNo}-${p.message}`}
            dataSource={result.problems}
            pagination={problems > 8 ? { pageSize: 8, showSizeChanger: false, showTotal: (n) => `共 ${n} 处` } : false}
            columns={[
              { title: '行', dataIndex: 'row', width: 64, render: (r: number | null) => r ?? '—' },
              { title: '列', dataIndex: 'column', width: 110, render: (c: string | null) => c ?? '—' },
              { title: '户编号', dataIndex: 'householdNo', width: 150, render: (c: string | null) => c ?? '—' },
              { title: '问题', dataIndex: 'message' },
            ]}
          />
        </>
      ) : null}
    </div>
  );
}
