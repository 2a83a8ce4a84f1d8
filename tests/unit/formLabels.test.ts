// One description per form (shared/forms.ts FORMS, issue 13 item 6): what is valid (the zod schema), the editor's
// fields, the Excel sheet's columns and the printed 明白卡 all say what the description says — the same fields, the
// same required ones, the same labels (a clerk never meets 公示期（天） in one place and 公示天数 in another).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigProvider, Form } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { PrintResult } from '../../shared/domain';
import { FORM_TYPES, FORMS, formSchemas, type FieldSpec, type FormType } from '../../shared/forms';
import { unwrap } from '../../engine/api/engine';
import { buildDemoLibrary } from '../../engine/demo/build';
import { generateCounty } from '../../engine/demo/generate';
import { loadRules, signatureSlots } from '../../engine/validate/config';
import { formSheets } from '../../engine/validate/formsImport';
import { FormFields } from '../../renderer/src/check/FormFields';
import { tempDir, tempEngine } from './helpers';
import { pdftotext } from './pdfTools';

/** A valid value of each kind, to build a complete record from the description alone. */
function sample(type: FormType, spec: FieldSpec): unknown {
  switch (spec.kind) {
    case 'date':
      return '2019-04-02';
    case 'int':
      return 3;
    case 'year':
      return 2019;
    case 'money':
      return 1200;
    case 'text':
      return '张三';
    case 'stage':
      return '提议';
    case 'noticeKind':
      return '第一次公示';
    case 'step':
      return '乡镇审核';
    case 'list':
      return ['因病'];
    case 'households':
    case 'measures':
      return [itemOf(type)];
  }
}
const itemOf = (type: FormType) => Object.fromEntries(FORMS[type].items!.columns.map((c) => [c.key, sample(type, c)]));
const recordOf = (type: FormType) => Object.fromEntries(FORMS[type].fields.map((f) => [f.key, sample(type, f)]));
const without = (o: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

describe('each form described once', () => {
  it('the schema validates exactly the described fields, required where the description says', () => {
    for (const type of FORM_TYPES) {
      const schema = formSchemas[type];
      const form = FORMS[type];
      expect(Object.keys(schema.shape).filter((k) => k !== 'signatures').sort(), type).toEqual(form.fields.map((f) => f.key).sort());
      const full = recordOf(type);
      expect(schema.safeParse(full).success, `${type}: a record of every described field`).toBe(true);
      for (const f of form.fields) expect(schema.safeParse(without(full, f.key)).success, `${type}.${f.key} (${f.label}) required`).toBe(!f.required);
      if (!form.items) continue;
      for (const c of form.items.columns) {
        const record = { ...full, [form.items.field]: [without(itemOf(type), c.key)] };
        expect(schema.safeParse(record).success, `${type}.${form.items.field}.${c.key} (${c.label}) required`).toBe(!c.required);
      }
    }
  });

  it('labels are unique within a form and never reused as another field’s old header', () => {
    for (const type of FORM_TYPES) {
      const form = FORMS[type];
      const headers = [...form.fields, ...(form.items?.columns ?? [])].flatMap((f) => [f.label, ...(f.aliases ?? [])]);
      expect(new Set(headers).size, type).toBe(headers.length);
    }
  });

  it('the Excel sheet’s columns are the description’s labels, then a 签字 column per signature slot', () => {
    const engine = tempEngine();
    const slots = signatureSlots(loadRules(engine.lib));
    for (const sheet of formSheets(slots)) {
      const form = FORMS[sheet.type];
      expect(sheet.names[0]).toBe(form.sheets[0]);
      expect(sheet.columns.map((c) => c.header)).toEqual([
        form.tier === 'household' ? '户编号' : '村',
        ...form.fields.filter((f) => f.kind !== 'households' && f.kind !== 'measures').map((f) => f.label),
        ...(form.items?.columns.map((c) => c.label) ?? []),
        ...(slots[sheet.type] ?? []).map((slot) => `${slot}签字`),
      ]);
    }
  });

  it('the editor shows each field under the description’s label, and each item column as its placeholder', () => {
    for (const type of FORM_TYPES) {
      const form = FORMS[type];
      const initialValues = form.items ? { [form.items.field]: [{}] } : {};
      const html = renderToStaticMarkup(createElement(ConfigProvider, { locale: zhCN }, createElement(Form, { initialValues }, createElement(FormFields, { type }))));
      const labels = [...html.matchAll(/<label[^>]*>([^<]*)<\/label>/g)].map((m) => m[1]);
      expect(labels, type).toEqual(form.fields.map((f) => f.label));
      // Placeholders other than an item column's label are the pickers' own prompts, in Chinese as in the app.
      const placeholders = [...html.matchAll(/placeholder="([^"]*)"/g)].map((m) => m[1]!).filter((p) => !['请选择日期', '输入后回车，可填多项'].includes(p));
      expect(placeholders, type).toEqual(form.items?.columns.map((c) => c.label) ?? []);
    }
  });

  it('the printed 明白卡 heads its measures and effect with the form’s labels', async () => {
    const engine = tempEngine();
    await buildDemoLibrary(engine.lib, generateCounty({ households: 5, seed: 7 }));
    const h = engine.lib.db.prepare("SELECT id FROM unit WHERE tier = 'household' ORDER BY id LIMIT 1").get() as { id: number };
    unwrap(await engine.call('forms.save', { unitId: h.id, type: 'householdCard', fields: { measures: [{ category: '产业扶贫', content: '发放养殖补助', amount: 2000 }], effect: '年增收3000元' } }));
    const { jobId } = unwrap(await engine.call('print.householdCards', { unitIds: [h.id] }));
    const state = await engine.jobs.wait(jobId);
    const file = join(tempDir(), 'card.pdf');
    writeFileSync(file, engine.lib.files.read((state.result as PrintResult).sha256));
    const text = pdftotext(file).replace(/\s/g, '');
    const form = FORMS.householdCard;
    // The measures' table header row, in the description's order, then the row typed in.
    expect(text).toContain(`${form.fields.find((f) => f.key === 'measures')!.label}${form.items!.columns.map((c) => c.label).join('')}产业扶贫发放养殖补助2000`);
    expect(text).toContain(`${form.fields.find((f) => f.key === 'effect')!.label}：年增收3000元`);
  });
});
