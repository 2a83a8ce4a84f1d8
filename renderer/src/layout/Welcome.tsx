// Nothing selected yet: how to start.
import { ApartmentOutlined, InboxOutlined } from '@ant-design/icons';
import { Button, Result } from 'antd';
import { useLibrary } from '../stores/library';
import { useRosterImport } from '../stores/rosterImport';

export function Welcome() {
  const info = useLibrary((s) => s.info);
  const showImport = useRosterImport((s) => s.show);
  if (info && info.counts.households === 0) {
    return (
      <Result
        icon={<InboxOutlined style={{ color: '#1f5fa8' }} />}
        title="档案库还是空的"
        subTitle="请导入国扶系统导出的人员花名册（每人一行的 .xlsx 或 .csv），档卡会按县、乡镇、村、户建好目录。"
        extra={
          <Button type="primary" onClick={showImport}>
            导入花名册
          </Button>
        }
      />
    );
  }
  return (
    <Result
      icon={<ApartmentOutlined style={{ color: '#1f5fa8' }} />}
      title="请在左侧目录中选择乡镇、村或户"
      subTitle="也可以在左上方的搜索框中输入姓名、村名、户编号或身份证号（可只输后几位）。"
    />
  );
}
