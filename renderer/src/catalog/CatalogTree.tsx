// The catalog tree 县 → 乡镇 → 村 → 户, loaded one level at a time through catalog.children (a county has tens of
// thousands of households) and drawn with antd's virtual list (a village has up to ~300). Households show the
// head's name and their 户类型 in the ledger colours. Selecting a node opens its page.
import { Alert, Button, Empty, Spin, Tree, Typography, type GetRef } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { TIER_LABEL, type UnitNode } from '../../../shared/domain';
import { ROOT, useCatalogTree } from '../stores/catalogTree';
import { selectedUnitId, useRoute } from '../stores/route';
import { StatusTag } from './StatusTag';

type TreeRef = GetRef<typeof Tree>;

const CHILD_UNIT: Record<string, string> = { city: '个县', county: '个乡镇', township: '个村', village: '户' };

function NodeTitle({ node }: { node: UnitNode }) {
  return (
    <span data-testid={`tree-node-${node.id}`} title={`档号 ${node.archiveCode}`} style={{ whiteSpace: 'nowrap' }}>
      {node.name}
      {node.tier === 'household' && node.status ? (
        <StatusTag status={node.status} style={{ marginInlineStart: 6, fontSize: 12, lineHeight: '18px', paddingInline: 5 }} />
      ) : null}
      {node.tier !== 'household' ? (
        <Typography.Text type="secondary" style={{ marginInlineStart: 4, fontSize: 12 }}>
          {node.childCount}
          {CHILD_UNIT[node.tier]}
        </Typography.Text>
      ) : null}
    </span>
  );
}

function toData(levels: Map<number, UnitNode[]>, parentId: number): DataNode[] {
  return (levels.get(parentId) ?? []).map((node) => ({
    key: node.id,
    title: <NodeTitle node={node} />,
    isLeaf: node.tier === 'household' || node.childCount === 0,
    children: levels.has(node.id) ? toData(levels, node.id) : undefined,
  }));
}

/** The height the virtual list may use: all the space its box gets. */
function useBoxHeight() {
  const ref = useRef<HTMLDivElement>(null);
  const [height, setHeight] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    setHeight(el.clientHeight);
    return () => observer.disconnect();
  }, []);
  return [ref, height] as const;
}

export function CatalogTree() {
  const levels = useCatalogTree((s) => s.levels);
  const expanded = useCatalogTree((s) => s.expanded);
  const scrollTo = useCatalogTree((s) => s.scrollTo);
  const error = useCatalogTree((s) => s.error);
  const { init, loadLevel, setExpanded, scrolled } = useCatalogTree.getState();
  const route = useRoute((s) => s.route);
  const open = useRoute((s) => s.open);
  const selected = selectedUnitId(route);
  const [boxRef, height] = useBoxHeight();
  const treeRef = useRef<TreeRef>(null);
  const rootLoaded = levels.has(ROOT);

  useEffect(() => {
    if (!rootLoaded) void init();
  }, [rootLoaded, init]);

  const treeData = useMemo(() => toData(levels, ROOT), [levels]);
  const byId = useMemo(() => {
    const map = new Map<number, UnitNode>();
    for (const nodes of levels.values()) for (const n of nodes) map.set(n.id, n);
    return map;
  }, [levels]);

  // Bring a revealed node into view once the virtual list has laid it out.
  useEffect(() => {
    if (scrollTo === null || !height || !byId.has(scrollTo)) return;
    const timer = setTimeout(() => {
      treeRef.current?.scrollTo({ key: scrollTo, align: 'auto' });
      scrolled();
    }, 0);
    return () => clearTimeout(timer);
  }, [scrollTo, height, byId, expanded, scrolled]);

  let body: React.ReactNode;
  if (error && !rootLoaded) {
    body = (
      <Alert
        type="error"
        showIcon
        title="目录加载失败"
        description={error}
        action={
          <Button size="small" onClick={() => void init()}>
            重试
          </Button>
        }
      />
    );
  } else if (!rootLoaded) {
    body = <Spin style={{ display: 'block', marginTop: 40 }} description="正在加载目录…" />;
  } else if (treeData.length === 0) {
    body = <Empty description="目录为空：请先导入花名册" image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  } else {
    body = (
      <Tree
        ref={treeRef}
        data-testid="catalog-tree"
        height={Math.max(height, 100)}
        virtual
        blockNode
        showLine={false}
        treeData={treeData}
        expandedKeys={expanded}
        selectedKeys={selected === null ? [] : [selected]}
        onExpand={(keys) => setExpanded(keys as number[])}
        loadData={async (node) => {
          const id = node.key as number;
          if (!useCatalogTree.getState().levels.has(id)) await loadLevel(id);
        }}
        onSelect={(_, info) => {
          const node = byId.get(info.node.key as number);
          if (node) open(node.tier, node.id);
        }}
        aria-label={`档案目录（${Object.values(TIER_LABEL).join('→')}）`}
      />
    );
  }

  return (
    <div ref={boxRef} style={{ height: '100%', overflow: 'hidden' }}>
      {error && rootLoaded ? <Alert type="warning" showIcon title={error} closable style={{ marginBottom: 8 }} /> : null}
      {body}
    </div>
  );
}
