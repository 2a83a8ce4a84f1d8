// 户类型 (household.setStatus): the badge colour follows at once in the page and in the tree.
import { App, Badge, Select } from 'antd';
import { useState } from 'react';
import { HOUSEHOLD_STATUS_COLOR, HOUSEHOLD_STATUS_LABEL, HOUSEHOLD_STATUSES, type HouseholdDetail, type HouseholdStatus } from '../../../shared/domain';
import { api } from '../api/client';
import { useShowError } from '../api/errors';
import { useCatalogTree } from '../stores/catalogTree';

export function StatusSelect({ household, onSaved }: { household: HouseholdDetail; onSaved(detail: HouseholdDetail): void }) {
  const [saving, setSaving] = useState(false);
  const showError = useShowError();
  const { message } = App.useApp();
  const patchHousehold = useCatalogTree((s) => s.patchHousehold);

  const change = async (status: HouseholdStatus) => {
    setSaving(true);
    try {
      const detail = await api('household.setStatus', { id: household.unit.id, status });
      onSaved(detail);
      patchHousehold(detail.unit.id, detail.status);
      void message.success(`户类型已改为“${HOUSEHOLD_STATUS_LABEL[detail.status]}”`);
    } catch (err) {
      showError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Select<HouseholdStatus>
      value={household.status}
      loading={saving}
      disabled={saving}
      style={{ width: 150 }}
      onChange={(s) => void change(s)}
      aria-label="户类型"
      data-testid="status-select"
      options={HOUSEHOLD_STATUSES.map((s) => ({
        value: s,
        label: <Badge color={HOUSEHOLD_STATUS_COLOR[s] === 'default' ? '#bfbfbf' : HOUSEHOLD_STATUS_COLOR[s]} text={HOUSEHOLD_STATUS_LABEL[s]} />,
      }))}
    />
  );
}
