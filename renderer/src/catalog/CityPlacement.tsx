// 所属市: an administrator places a county under a 市 (seed 003: 市、县、乡、村四级档案), makes the 市 first when it is
// not there yet, or takes the county out again — always with a reason, which the 操作记录 keeps.
import { ApartmentOutlined } from '@ant-design/icons';
import { Button, Form, Input, Modal, Radio, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import type { UnitDetail } from '../../../shared/domain';
import { api } from '../api/client';
import { useShowError } from '../api/errors';
import { useApiQuery } from '../api/useApiQuery';
import { useCan } from '../auth/auth';
import { useLibrary } from '../stores/library';

type Choice = 'existing' | 'new' | 'none';

export function CityPlacement({ county, onChanged }: { county: UnitDetail; onChanged: () => void }) {
  const allowed = useCan('units.placeCounty');
  const [open, setOpen] = useState(false);
  if (!allowed || county.tier !== 'county') return null;
  const city = county.path.length > 1 ? county.path[0]! : null;
  return (
    <>
      <Button icon={<ApartmentOutlined />} onClick={() => setOpen(true)} data-testid="city-placement">
        {city ? `所属市：${city.name}` : '划入市'}
      </Button>
      {open ? <PlacementDialog county={county} currentCityId={city?.id ?? null} onClose={() => setOpen(false)} onChanged={onChanged} /> : null}
    </>
  );
}

function PlacementDialog({ county, currentCityId, onClose, onChanged }: { county: UnitDetail; currentCityId: number | null; onClose: () => void; onChanged: () => void }) {
  const roots = useApiQuery('catalog.children', { parentId: null });
  const cities = (roots.data ?? []).filter((u) => u.tier === 'city');
  const [choice, setChoice] = useState<Choice>(currentCityId ? 'none' : cities.length ? 'existing' : 'new');
  const [cityId, setCityId] = useState<number | null>(null);
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  const showError = useShowError();
  const refreshLibrary = useLibrary((s) => s.changed);

  const target = choice === 'existing' ? cities.find((c) => c.id === cityId)?.name : choice === 'new' ? name.trim() : null;
  const ready = reason.trim().length >= 2 && (choice === 'none' ? currentCityId !== null : choice === 'existing' ? cityId !== null : name.trim().length >= 2);
  const save = async () => {
    setSaving(true);
    try {
      const id = choice === 'existing' ? cityId : choice === 'new' ? (await api('units.createCity', { name: name.trim(), code: code.trim() || null })).id : null;
      await api('units.placeCounty', { countyId: county.id, cityId: id, reason: reason.trim() });
      await refreshLibrary();
      onChanged();
      onClose();
    } catch (err) {
      showError(err);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={`${county.name} 所属的市`}
      okText={choice === 'none' ? '移出市' : `划入${target || '市'}`}
      okButtonProps={{ disabled: !ready, loading: saving, danger: choice === 'none', ...{ 'data-testid': 'city-placement-ok' } }}
      onOk={() => void save()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        市、县、乡、村四级档案：县划入市后，县及以下的档号、区划代码都不变，市的页面汇总各县的检查结果，市的数据包包含各县。
      </Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label="划入">
          <Radio.Group value={choice} onChange={(e) => setChoice(e.target.value as Choice)} data-testid="city-choice">
            <Space direction="vertical">
              <Radio value="existing" disabled={cities.length === 0}>
                已有的市
              </Radio>
              {choice === 'existing' ? (
                <Select
                  style={{ width: 260, marginLeft: 24 }}
                  placeholder="选择市"
                  value={cityId ?? undefined}
                  onChange={setCityId}
                  options={cities.filter((c) => c.id !== currentCityId).map((c) => ({ value: c.id, label: `${c.name}（${c.archiveCode}）` }))}
                  data-testid="city-select"
                />
              ) : null}
              <Radio value="new">新建市</Radio>
              {choice === 'new' ? (
                <Space style={{ marginLeft: 24 }}>
                  <Input placeholder="市的名称，如 新乡市" value={name} onChange={(e) => setName(e.target.value)} data-testid="city-name" />
                  <Input placeholder="区划代码（4位，可不填）" value={code} onChange={(e) => setCode(e.target.value)} style={{ width: 190 }} data-testid="city-code" />
                </Space>
              ) : null}
              <Radio value="none" disabled={currentCityId === null}>
                不属于任何市（移出）
              </Radio>
            </Space>
          </Radio.Group>
        </Form.Item>
        <Form.Item label="理由（记入操作记录）" required>
          <Input.TextArea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} placeholder="如：按市级四级档案统一归档" data-testid="city-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
