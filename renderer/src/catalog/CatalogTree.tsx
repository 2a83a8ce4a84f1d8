// The catalog tree 县 → 乡镇 → 村 → 户, loaded one level at a time (a county has tens of thousands of households)
// and shown with antd's virtual list. Opening a unit from search loads and expands its ancestors.
import { Tag, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useCallback, useEffect, useState } from 'react';
import { HOUSEHOLD_STATUS_COLOR, HOUSEHOLD_STATUS_LABEL, type UnitNode } from '../../../shared/domain';
import { api } from '../api/client';
import { useLibrary } from '../stores/library';
import { useRoute } from '../stores/route';

type Children = Map<number | null, UnitNode[]>;

function title(node: UnitNode) {
  return (
    <span data-testid={`tree-node-${node.id}`}>
      {node.name}
      {node.tier === 'household' && node.status && node.status !== 'ordinary' ? (
        <Tag color={HOUSEHOLD_STATUS_COLOR[node.status]} style={{ marginLeft: 6 }}>
          {HOUSEHOLD_STATUS_LABEL[node.status]}
        </Tag>
      ) : null}
      {node.tier !== 'household' ? <Typography.Text type="secondary">（{node.childCount}）</Typography.Text> : null}
    </span>
  );
}

function toData(children: Children, parentId: number | null): DataNode[] {
  return (children.get(parentId) ?? []).map((node) => ({
    key: node.id,
    title: title(node),
    isLeaf: node.childCount === 0,
    children: children.has(node.id) ? toData(children, node.id) : undefined,
  }));
}

export function CatalogTree() {
  const [children, setChildren] = useState<Children>(new Map());
  const [expanded, setExpanded] = useState<number[]>([]);
  const revision = useLibrary((s) => s.revision);
  const { unitId, open } = useRoute();

  const loadLevel = useCallback(async (parentId: number | null) => {
    const nodes = await api('catalog.children', { parentId });
    setChildren((prev) => new Map(prev).set(parentId, nodes));
    return nodes;
  }, []);

  useEffect(() => {
    setChildren(new Map());
    void loadLevel(null).then((roots) => {
      if (roots.length === 1) setExpanded((e) => (e.length ? e : [roots[0]!.id]));
      if (roots.length === 1) void loadLevel(roots[0]!.id);
    });
  }, [revision, loadLevel]);

  // Reveal the unit opened from search or a link: load every ancestor level and expand it.
  useEffect(() => {
    if (unitId === null) return;
    void api('catalog.unit', { id: unitId }).then(async (detail) => {
      const ancestors = detail.path.slice(0, -1).map((p) => p.id);
      for (const id of ancestors) await loadLevel(id);
      setExpanded((e) => [...new Set([...e, ...ancestors])]);
    });
  }, [unitId, loadLevel]);

  return (
    <Tree
      data-testid="catalog-tree"
      height={window.innerHeight - 150}
      virtual
      blockNode
      treeData={toData(children, null)}
      expandedKeys={expanded}
      selectedKeys={unitId === null ? [] : [unitId]}
      onExpand={(keys) => setExpanded(keys as number[])}
      loadData={async (node) => {
        if (!children.has(node.key as number)) await loadLevel(node.key as number);
      }}
      onSelect={(keys) => {
        if (keys.length) open(keys[0] as number);
      }}
    />
  );
}
