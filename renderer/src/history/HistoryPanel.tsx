// 操作记录 (全程留痕) of a unit — its own rows and what is filed under it — or of one document and its pages, newest
// first (audit.history): when, who, what, and for a change each field as 旧值 → 新值. Twenty at a time (加载更多).
// HistorySection folds it away under the page; it loads when opened, and afresh each time it is opened again.
import { HistoryOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Collapse, Empty, Spin, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useRef, useState, type CSSProperties } from 'react';
import type { AuditEntry } from '../../../shared/domain';
import { callApi } from '../api/client';
import { useLibrary } from '../stores/library';
import { changeLines, summary } from '../../../shared/auditText';

const PAGE_SIZE = 20;

type Target = { unitId: number; documentId?: undefined } | { documentId: number; unitId?: undefined };

function colorOf(e: AuditEntry): string {
  if (e.what.startsWith('删除') || e.what.includes('拒绝')) return 'red';
  if (e.what.startsWith('新增')) return 'green';
  if (e.table === 'event') return 'gray';
  return 'blue';
}

export function Entry({ entry, refs }: { entry: AuditEntry; refs: Record<string, string> }) {
  const lines = changeLines(entry, refs);
  const facts = summary(entry, refs);
  return (
    <div data-testid="history-entry" style={{ lineHeight: 1.7 }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'baseline', columnGap: 12 }}>
        <Typography.Text strong>{entry.what}</Typography.Text>
        <span data-testid="history-actor">{entry.actor}</span>
        <Typography.Text type="secondary" style={{ fontSize: 12, fontVariantNumeric: 'tabular-nums' }}>
          {dayjs(entry.at).format('YYYY-MM-DD HH:mm:ss')}
        </Typography.Text>
      </div>
      {lines.length ? (
        <ul style={{ margin: '2px 0 0', paddingLeft: 18, color: '#434343' }}>
          {lines.map((l, i) => (
            <li key={i} data-testid="history-change">
              <span style={{ color: '#8c8c8c' }}>{l.label}：</span>
              <span style={{ color: '#595959' }}>{l.before}</span>
              <span style={{ color: '#8c8c8c' }}> → </span>
              <span style={{ color: '#1f3a5f', fontWeight: 500 }}>{l.after}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {facts ? (
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {facts}
        </Typography.Text>
      ) : null}
    </div>
  );
}

export function HistoryPanel(target: Target) {
  const revision = useLibrary((s) => s.revision);
  const key = target.unitId !== undefined ? `unit/${target.unitId}` : `document/${target.documentId}`;
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [refs, setRefs] = useState<Record<string, string>>({});
  const [total, setTotal] = useState<number | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const latest = useRef(0);

  const load = useCallback(
    async (offset: number) => {
      const request = ++latest.current;
      setLoading(true);
      setError(null);
      const input = target.unitId !== undefined ? { unitId: target.unitId } : { documentId: target.documentId };
      const result = await callApi('audit.history', { ...input, limit: PAGE_SIZE, offset }).catch(() => null);
      if (request !== latest.current) return;
      setLoading(false);
      if (!result?.ok) {
        setError(result ? result.error.message : '无法连接档卡服务');
        return;
      }
      setTotal(result.value.total);
      setEntries((before) => (offset === 0 ? result.value.entries : [...before, ...result.value.entries]));
      setRefs((before) => (offset === 0 ? result.value.refs : { ...before, ...result.value.refs }));
    },
    // The target is the key: a new object with the same ids must not reload.
    [key],
  );

  useEffect(() => {
    setEntries([]);
    setTotal(null);
    void load(0);
  }, [load, revision, tick]);

  const more = total !== null ? total - entries.length : 0;
  return (
    <div data-testid="history-panel">
      <div style={{ display: 'flex', alignItems: 'center', marginBottom: 12 }}>
        <Typography.Text type="secondary">
          {total === null ? '正在读取…' : total === 0 ? '' : `共 ${total.toLocaleString('zh-CN')} 条，最新的在前；身份证号和电话只显示部分`}
        </Typography.Text>
        <Button size="small" type="text" icon={<ReloadOutlined />} style={{ marginLeft: 'auto' }} onClick={() => setTick((t) => t + 1)} loading={loading && entries.length === 0}>
          刷新
        </Button>
      </div>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      {total === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有操作记录" /> : null}
      {entries.length ? <Timeline items={entries.map((e) => ({ key: e.id, color: colorOf(e), content: <Entry entry={e} refs={refs} /> }))} /> : null}
      {loading && entries.length === 0 && total === null ? (
        <Spin description="正在读取操作记录…">
          <div style={{ height: 48 }} />
        </Spin>
      ) : null}
      {more > 0 ? (
        <div style={{ textAlign: 'center' }}>
          <Button onClick={() => void load(entries.length)} loading={loading} data-testid="history-more">
            加载更多（还有 {more.toLocaleString('zh-CN')} 条）
          </Button>
        </div>
      ) : null}
    </div>
  );
}

/** 操作记录 folded under a page; opened, it reads the history. */
export function HistorySection(props: Target & { style?: CSSProperties }) {
  const { style, ...target } = props;
  return (
    <Collapse
      style={{ background: '#fff', marginTop: 16, ...style }}
      destroyOnHidden
      items={[
        {
          key: 'history',
          label: (
            <span data-testid="history-toggle">
              <HistoryOutlined style={{ marginRight: 8, color: '#1f5fa8' }} />
              操作记录
            </span>
          ),
          children: <HistoryPanel {...(target as Target)} />,
        },
      ]}
    />
  );
}
