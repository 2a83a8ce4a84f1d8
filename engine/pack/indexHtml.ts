// data/index.html of an acceptance package: what a county clerk sees on double-clicking it on the USB stick — the
// unit tree, a unit's facts and documents with links to the PDFs and masters, and a title search — from file://,
// offline and without Dangka. file:// refuses fetch and module scripts, so it is one file: inline CSS and script,
// the catalog as JSON in a non-executed script tag, a CSP that allows exactly those two inline blocks (by hash).
// The page is built with createElement/textContent only, so no title from a package can become markup.
import { createHash } from 'node:crypto';
import { CONTACT_ROLE_LABEL, HOUSEHOLD_STATUS_LABEL, TIER_LABEL, type Tier } from '../../shared/domain';
import { maskIdNumber } from '../../shared/idNumber';
import { maskPhone } from '../../shared/phone';
import type { PackageCatalog, PackageUnit } from './catalog';

/**
 * The page's JSON: only what it shows. Documents are tuples, not objects, and their file names are stored as the
 * suffix after `<unit folder>/<key>` ('.pdf', '-m01.jpg'), or as '/' + the whole href when elsewhere (a master shared
 * with another unit's document): a township's 30,000 documents and 100,000 masters then stay a few MB.
 */
export interface PageData {
  /** The packed unit, selected on opening. */
  start: number;
  tiers: Record<Tier, string>;
  /** 档案项目 names in template order; a document's item is an index here, -1 for none. */
  items: string[];
  units: PageUnit[];
  people: [name: string, post: string, workUnit: string, phone: string][];
  docs: PageDocument[];
}

interface PageUnit {
  /** 档号 */
  c: string;
  /** Parent's index, -1 for a root. */
  p: number;
  t: Tier;
  n: string;
  /** The unit's folder as an href from data/, null for ancestors that only place the packed unit in the tree. */
  f: string | null;
  h: PageHousehold | null;
}

interface PageHousehold {
  no: string;
  status: string;
  attribute: string | null;
  cause: string | null;
  exitYear: number | null;
  income: number | null;
  size: number;
  village: string | null;
  phone: string;
  /** ID numbers masked here whatever the package: the page is a plain file anyone with the stick can open. */
  members: [name: string, relation: string, sex: string, ethnicity: string, education: string, health: string, idNumber: string][];
  contacts: [role: string, person: number][];
}

export type PageDocument = [
  unit: number,
  item: number,
  title: string,
  pages: number,
  key: string,
  pdf: string | null,
  masters: string[],
  /** 著录: 文号, 责任者, 成文日期 (YYYYMMDD), '' when not described. */
  refNumber: string,
  author: string,
  date: string,
];

/** An href from data/index.html to a bag path (data/units/… → units/…). */
function hrefOf(path: string): string {
  return path.replace(/^data\//, '').split('/').map(encodeURIComponent).join('/');
}

function household(u: PackageUnit, personIndex: Map<string, number>): PageHousehold | null {
  const h = u.household;
  if (!h) return null;
  return {
    no: h.householdNo,
    status: HOUSEHOLD_STATUS_LABEL[h.status],
    attribute: h.attribute,
    cause: h.mainCause,
    exitYear: h.exitYear,
    income: h.perCapitaIncome,
    size: h.declaredSize ?? h.members.length,
    village: h.naturalVillage,
    phone: maskPhone(h.phone),
    members: [...h.members]
      .sort((a, b) => a.seq - b.seq)
      .map((m) => [m.name, m.relation, m.sex ?? '', m.ethnicity ?? '', m.education ?? '', m.health ?? '', maskIdNumber(m.idNumber)]),
    contacts: h.contacts.flatMap((c) => {
      const person = personIndex.get(c.personKey);
      return person === undefined ? [] : [[CONTACT_ROLE_LABEL[c.role], person] as [string, number]];
    }),
  };
}

function pageData(catalog: PackageCatalog): PageData {
  const unitIndex = new Map(catalog.units.map((u, i) => [u.archiveCode, i]));
  const personIndex = new Map(catalog.people.map((p, i) => [p.key, i]));
  const units: PageUnit[] = catalog.units.map((u) => ({
    c: u.archiveCode,
    p: u.parentArchiveCode === null ? -1 : (unitIndex.get(u.parentArchiveCode) ?? -1),
    t: u.tier,
    n: u.name,
    f: u.folder ? hrefOf(u.folder) : null,
    h: household(u, personIndex),
  }));

  // Items in template order (itemNo), those outside the template (0) after them.
  const itemNo = new Map<string, number>();
  for (const d of catalog.documents) if (d.item !== null && !itemNo.has(d.item)) itemNo.set(d.item, d.itemNo || Infinity);
  const items = [...itemNo.keys()].sort((a, b) => itemNo.get(a)! - itemNo.get(b)! || a.localeCompare(b, 'zh-CN'));
  const itemIndex = new Map(items.map((item, i) => [item, i]));

  const docs: PageDocument[] = [];
  for (const d of catalog.documents) {
    const unit = unitIndex.get(d.unitArchiveCode);
    if (unit === undefined) continue;
    const folder = units[unit]!.f;
    const base = folder === null ? null : `${folder}/${encodeURIComponent(d.key)}`;
    const code = (path: string) => {
      const href = hrefOf(path);
      const rest = base !== null && href.startsWith(base) ? href.slice(base.length) : '/';
      return rest.startsWith('/') ? `/${href}` : rest;
    };
    const masters = [...new Set(d.pages.flatMap((p) => (p.master ? [p.master.path] : [])))];
    const described = d.description;
    docs.push([
      unit,
      d.item === null ? -1 : itemIndex.get(d.item)!,
      d.title,
      d.pages.length,
      d.key,
      d.pdf ? code(d.pdf.path) : null,
      masters.map(code),
      described?.refNumber ?? '',
      described?.author ?? '',
      described?.date ?? '',
    ]);
  }

  return {
    start: unitIndex.get(catalog.source.archiveCode) ?? 0,
    tiers: TIER_LABEL,
    items,
    units,
    people: catalog.people.map((p) => [p.name, p.post, p.workUnit, p.phone]),
    docs,
  };
}

/** JSON that no title can end early: `</script>` and `<!--` need '<', and U+2028/9 broke old script parsers. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The packing machine's local date (a clerk's clock, like the bag name), or the stamp's date part. */
function localDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso.slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

// Chinese system fonts first: YaHei on the clerks' Windows, Noto/Source Han on Linux, PingFang on a Mac.
const STYLE = `
*{box-sizing:border-box}
html,body{height:100%;margin:0}
body{display:flex;flex-direction:column;font:14px/1.6 "Microsoft YaHei","PingFang SC","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif;color:#1f2937;background:#f5f6f8}
a{color:#1456c8}
button{font:inherit;color:inherit;cursor:pointer}
header{display:flex;flex-wrap:wrap;align-items:center;gap:4px 24px;padding:10px 20px;background:#fff;border-bottom:1px solid #e5e7eb}
header h1{margin:0;font-size:20px;font-weight:600}
header .sub{display:flex;flex-wrap:wrap;gap:0 18px;color:#4b5563;flex:1 1 360px}
header .masked{color:#b45309}
header nav{display:flex;gap:8px}
header nav a{padding:4px 12px;border:1px solid #c7d2fe;border-radius:4px;background:#eef2ff;text-decoration:none}
.body{flex:1;display:flex;min-height:0}
aside{width:320px;flex:none;display:flex;flex-direction:column;background:#fff;border-right:1px solid #e5e7eb}
.search{display:flex;gap:6px;padding:10px 12px;border-bottom:1px solid #f0f0f0}
.search input{flex:1;min-width:0;padding:5px 8px;font:inherit;border:1px solid #d1d5db;border-radius:4px}
.search input:focus{outline:2px solid #93c5fd;border-color:#60a5fa}
.search button{padding:4px 10px;border:1px solid #d1d5db;border-radius:4px;background:#fff}
#tree,#hits{flex:1;overflow:auto;padding:6px 0}
ul{list-style:none;margin:0;padding:0}
#tree ul ul{padding-left:18px}
.row{display:flex;align-items:center;padding:0 8px}
.row .toggle{width:22px;height:26px;flex:none;border:0;background:none;color:#6b7280;padding:0}
.row .name{flex:1;min-width:0;text-align:left;border:0;background:none;padding:2px 6px;border-radius:4px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.row .name:hover{background:#f3f4f6}
.row.selected .name{background:#dbeafe;color:#1e3a8a;font-weight:600}
.count{color:#6b7280;font-size:12px;margin-left:4px;white-space:nowrap}
.summary{padding:4px 14px 8px;color:#4b5563;font-size:13px}
.hit{display:block;width:100%;text-align:left;border:0;border-bottom:1px solid #f3f4f6;background:none;padding:6px 14px}
.hit:hover,.hit.active{background:#eff6ff}
.hit .path{display:block;color:#6b7280;font-size:12px}
.kind{display:inline-block;font-size:12px;line-height:18px;padding:0 5px;margin-right:6px;border-radius:3px;background:#f3f4f6;color:#4b5563;font-weight:normal}
mark{background:#fde68a;color:inherit}
main{flex:1;overflow:auto;padding:16px 28px 40px}
.crumbs{color:#6b7280;font-size:13px}
.crumbs button{border:0;background:none;padding:0;color:#1456c8}
.crumbs span{margin:0 6px}
h2{margin:4px 0 12px;font-size:22px}
h2 .kind{vertical-align:middle;margin-left:10px;font-size:13px}
h3{margin:22px 0 8px;font-size:16px;border-left:3px solid #2563eb;padding-left:8px}
h4{margin:14px 0 4px;font-size:14px;color:#374151}
dl{display:grid;grid-template-columns:max-content 1fr max-content 1fr;gap:4px 16px;margin:0;max-width:880px}
dt{color:#6b7280}
dd{margin:0}
table{border-collapse:collapse;background:#fff;max-width:100%}
th,td{border:1px solid #e5e7eb;padding:4px 10px;text-align:left;white-space:nowrap}
th{background:#f9fafb;font-weight:600}
td.id{font-family:Consolas,"DejaVu Sans Mono",monospace}
.children{display:flex;flex-wrap:wrap;gap:6px}
.children button{border:1px solid #d1d5db;border-radius:4px;background:#fff;padding:2px 10px}
.children button:hover{border-color:#60a5fa}
.docs li{display:flex;flex-wrap:wrap;align-items:baseline;gap:4px 10px;padding:5px 8px;background:#fff;border:1px solid #eef0f3;border-top:0}
.docs li:first-child{border-top:1px solid #eef0f3}
.docs li.focus{background:#fef9c3}
.docs .title{flex:1 1 320px}
.docs .meta{color:#555;font-size:90%}
.docs .pages{color:#6b7280;white-space:nowrap}
.docs .links{display:flex;flex-wrap:wrap;justify-content:flex-end;gap:2px 8px;white-space:nowrap}
.note,.empty{color:#6b7280}
.loading{color:#6b7280;padding:40px}
@media print{aside,header nav,.search{display:none}body,.body,main{display:block;height:auto;overflow:visible}}
`;

// Plain ES2019 without template literals: 360 and QQ browsers in 极速 mode ship older Chromium cores.
const SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('catalog-data').textContent);
  var units = data.units, docs = data.docs, items = data.items, people = data.people;
  var LIMIT = 200;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function button(cls, text, onClick) {
    var b = el('button', cls, text);
    b.type = 'button';
    b.addEventListener('click', onClick);
    return b;
  }
  function href(d, code) {
    return code.charAt(0) === '/' ? code.slice(1) : units[d[0]].f + '/' + encodeURIComponent(d[4]) + code;
  }
  function link(text, target) {
    var a = el('a', null, text);
    a.href = target;
    a.target = '_blank';
    a.rel = 'noopener';
    return a;
  }

  var kids = units.map(function () { return []; });
  var roots = [];
  units.forEach(function (u, i) { (u.p < 0 ? roots : kids[u.p]).push(i); });
  var households = units.map(function () { return 0; });
  units.forEach(function (u, i) {
    if (u.t !== 'household') return;
    for (var a = u.p; a >= 0; a = units[a].p) households[a]++;
  });
  var docsOf = units.map(function () { return []; });
  docs.forEach(function (d, j) { docsOf[d[0]].push(j); });
  var byCode = {};
  units.forEach(function (u, i) { byCode[u.c] = i; });

  function path(i) {
    var out = [];
    for (var a = i; a >= 0; a = units[a].p) out.unshift(a);
    return out;
  }

  // The tree renders only opened nodes (a village of 400 households costs nothing until it is opened).
  var open = {};
  var current = -1;
  var treeBox = document.getElementById('tree');
  function treeItem(i) {
    var u = units[i];
    var li = el('li');
    var row = el('div', 'row' + (i === current ? ' selected' : ''));
    if (kids[i].length) {
      var t = button('toggle', open[i] ? '▾' : '▸', function () { open[i] = !open[i]; renderTree(); });
      t.setAttribute('aria-expanded', open[i] ? 'true' : 'false');
      t.title = open[i] ? '收起' : '展开';
      row.appendChild(t);
    } else {
      row.appendChild(el('span', 'toggle'));
    }
    var name = button('name', u.n, function () { open[i] = true; go(i, -1); });
    name.title = u.n + '（' + u.c + '）';
    row.appendChild(name);
    if (u.t === 'village') row.appendChild(el('span', 'count', households[i] + ' 户'));
    li.appendChild(row);
    if (open[i] && kids[i].length) {
      var sub = el('ul');
      kids[i].forEach(function (k) { sub.appendChild(treeItem(k)); });
      li.appendChild(sub);
    }
    return li;
  }
  function renderTree() {
    var ul = el('ul');
    roots.forEach(function (i) { ul.appendChild(treeItem(i)); });
    treeBox.textContent = '';
    treeBox.appendChild(ul);
  }

  var mainBox = document.getElementById('unit');
  var docRows = {};
  function facts(parent, pairs) {
    var dl = el('dl');
    pairs.forEach(function (p) {
      if (p[1] === null || p[1] === undefined || p[1] === '') return;
      dl.appendChild(el('dt', null, p[0]));
      dl.appendChild(el('dd', null, p[1]));
    });
    parent.appendChild(dl);
  }
  function table(parent, head, rows, idColumn) {
    var t = el('table');
    var tr = el('tr');
    head.forEach(function (h) { tr.appendChild(el('th', null, h)); });
    t.appendChild(tr);
    rows.forEach(function (r) {
      var row = el('tr');
      r.forEach(function (v, k) { row.appendChild(el('td', k === idColumn ? 'id' : null, v)); });
      t.appendChild(row);
    });
    parent.appendChild(t);
  }

  function renderUnit(i) {
    var u = units[i];
    var box = mainBox;
    box.textContent = '';
    docRows = {};
    var crumbs = el('div', 'crumbs');
    path(i).slice(0, -1).forEach(function (a) {
      crumbs.appendChild(button(null, units[a].n, function () { go(a, -1); }));
      crumbs.appendChild(el('span', null, '/'));
    });
    box.appendChild(crumbs);
    var h2 = el('h2', null, u.n);
    h2.appendChild(el('span', 'kind', data.tiers[u.t]));
    box.appendChild(h2);

    var h = u.h;
    if (h) {
      var head = h.members.filter(function (m) { return m[1] === '户主'; })[0];
      facts(box, [
        ['档号', u.c], ['户编号', h.no], ['户主', head ? head[0] : u.n], ['户类型', h.status],
        ['户属性', h.attribute], ['主要致贫原因', h.cause], ['脱贫年度', h.exitYear], ['人均纯收入', h.income === null ? null : h.income + ' 元'],
        ['家庭人口', h.size + ' 人'], ['自然村', h.village], ['联系电话', h.phone],
      ]);
      box.appendChild(el('h3', null, '家庭成员'));
      if (h.members.length) table(box, ['姓名', '与户主关系', '性别', '民族', '文化程度', '健康状况', '身份证号'], h.members, 6);
      else box.appendChild(el('p', 'empty', '没有成员记录'));
      if (h.contacts.length) {
        box.appendChild(el('h3', null, '帮扶联系人'));
        table(box, ['职责', '姓名', '职务', '工作单位', '电话'], h.contacts.map(function (c) {
          var p = people[c[1]];
          return [c[0], p[0], p[1], p[2], p[3]];
        }));
      }
    } else {
      facts(box, [['档号', u.c], ['层级', data.tiers[u.t]], ['下辖', households[i] ? households[i] + ' 户' : null], ['本级文件', docsOf[i].length + ' 件']]);
      if (kids[i].length) {
        box.appendChild(el('h3', null, '下级单位（' + kids[i].length + '）'));
        var list = el('div', 'children');
        kids[i].forEach(function (k) {
          var label = units[k].n + (units[k].t === 'village' ? '（' + households[k] + ' 户）' : '');
          list.appendChild(button(null, label, function () { open[i] = true; go(k, -1); }));
        });
        box.appendChild(list);
      }
    }

    var own = docsOf[i];
    box.appendChild(el('h3', null, '档案文件（' + own.length + ' 件）'));
    if (!u.f) box.appendChild(el('p', 'note', '本数据包不含该单位本级的文件，只用于显示上下级关系。'));
    else if (!own.length) box.appendChild(el('p', 'empty', '该单位本级没有文件。'));
    var groups = {};
    own.forEach(function (j) { (groups[docs[j][1]] = groups[docs[j][1]] || []).push(j); });
    Object.keys(groups).map(Number).sort(function (a, b) { return (a < 0 ? 1e9 : a) - (b < 0 ? 1e9 : b); }).forEach(function (k) {
      box.appendChild(el('h4', null, (k < 0 ? '未归入档案项目' : items[k]) + '（' + groups[k].length + ' 件）'));
      var ol = el('ul', 'docs');
      groups[k].forEach(function (j) {
        var d = docs[j];
        var li = el('li');
        li.appendChild(el('span', 'title', d[2]));
        var meta = [d[7], d[8], d[9]].filter(function (v) { return v; }).join('　');
        if (meta) li.appendChild(el('span', 'meta', meta));
        li.appendChild(el('span', 'pages', d[3] + ' 页'));
        var links = el('span', 'links');
        if (d[5] !== null) links.appendChild(link('打开PDF', href(d, d[5])));
        d[6].forEach(function (m, n) { links.appendChild(link('原件' + (n + 1), href(d, m))); });
        li.appendChild(links);
        ol.appendChild(li);
        docRows[j] = li;
      });
      box.appendChild(ol);
    });
  }

  var focusDoc = -1;
  function show(i) {
    current = i;
    path(i).slice(0, -1).forEach(function (a) { open[a] = true; });
    renderTree();
    var selected = treeBox.querySelector('.selected');
    if (selected) selected.scrollIntoView({ block: 'nearest' });
    renderUnit(i);
    mainBox.scrollTop = 0;
    var row = docRows[focusDoc];
    if (row) {
      row.className = 'focus';
      row.scrollIntoView({ block: 'nearest' });
    }
    focusDoc = -1;
    document.title = units[i].n + ' - ' + baseTitle;
  }
  // The selection lives in the address (#档号) so the browser's back button and a reload keep it.
  function fromHash() {
    try {
      var i = byCode[decodeURIComponent(location.hash.slice(1))];
      return i === undefined ? -1 : i;
    } catch (e) {
      return -1;
    }
  }
  function go(i, doc) {
    focusDoc = doc;
    if (fromHash() === i) show(i);
    else location.hash = encodeURIComponent(units[i].c);
  }
  window.addEventListener('hashchange', function () {
    var i = fromHash();
    show(i < 0 ? data.start : i);
  });

  var input = document.getElementById('q');
  var hitsBox = document.getElementById('hits');
  var hay = null;
  var timer = 0;
  // NFKC folds full-width letters and digits as typed by Chinese input methods.
  function norm(s) { return s.normalize('NFKC').toLowerCase(); }
  function marked(parent, text, low, term) {
    var at = low.length === text.length ? low.indexOf(term) : -1;
    if (at < 0) { parent.appendChild(document.createTextNode(text)); return; }
    parent.appendChild(document.createTextNode(text.slice(0, at)));
    parent.appendChild(el('mark', null, text.slice(at, at + term.length)));
    parent.appendChild(document.createTextNode(text.slice(at + term.length)));
  }
  function search() {
    var term = norm(input.value.trim());
    treeBox.hidden = !!term;
    hitsBox.hidden = !term;
    if (!term) return;
    if (!hay) hay = { units: units.map(function (u) { return norm(u.n); }), docs: docs.map(function (d) { return norm(d[2]); }) };
    var hits = [];
    var total = 0;
    hay.units.forEach(function (s, i) { if (s.indexOf(term) >= 0 && total++ < LIMIT) hits.push([i, -1]); });
    hay.docs.forEach(function (s, j) { if (s.indexOf(term) >= 0 && total++ < LIMIT) hits.push([docs[j][0], j]); });
    hitsBox.textContent = '';
    hitsBox.appendChild(el('div', 'summary', total ? '找到 ' + total + ' 条' : '没有题名或名称包含“' + input.value.trim() + '”的条目'));
    var ul = el('ul');
    hits.forEach(function (hit) {
      var i = hit[0], j = hit[1];
      var b = button('hit', null, function () {
        var prev = hitsBox.querySelector('.hit.active');
        if (prev) prev.className = 'hit';
        b.className = 'hit active';
        go(i, j);
      });
      b.appendChild(el('span', 'kind', j < 0 ? data.tiers[units[i].t] : '文件'));
      if (j < 0) marked(b, units[i].n, hay.units[i], term);
      else marked(b, docs[j][2], hay.docs[j], term);
      var where = path(i).map(function (a) { return units[a].n; });
      if (j >= 0 && docs[j][1] >= 0) where.push(items[docs[j][1]]);
      b.appendChild(el('span', 'path', where.join(' / ')));
      var li = el('li');
      li.appendChild(b);
      ul.appendChild(li);
    });
    hitsBox.appendChild(ul);
    if (total > LIMIT) hitsBox.appendChild(el('div', 'summary', '还有 ' + (total - LIMIT) + ' 条，请多输入几个字缩小范围'));
  }
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(search, 120);
  });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') { input.value = ''; search(); }
  });
  document.getElementById('clear').addEventListener('click', function () {
    input.value = '';
    search();
    input.focus();
  });

  var baseTitle = document.title;
  var first = fromHash();
  open[data.start] = true;
  show(first < 0 ? data.start : first);
})();
`;

const STYLE_HASH = cspHash(STYLE);
const SCRIPT_HASH = cspHash(SCRIPT);

export function renderIndexHtml(catalog: PackageCatalog, links: { report: string | null; catalogXlsx: string | null }): string {
  const { source, part } = catalog;
  const households = catalog.units.filter((u) => u.tier === 'household' && u.folder !== null).length;
  const pages = catalog.documents.reduce((sum, d) => sum + d.pages.length, 0);
  const sub = [
    `<span>档号 ${escapeHtml(source.archiveCode)}</span>`,
    `<span>打包日期 ${escapeHtml(localDate(catalog.createdAt))}</span>`,
    part.count > 1 ? `<span>第 ${part.index} 卷 / 共 ${part.count} 卷</span>` : '',
    `<span>${households ? `${households} 户，` : ''}${catalog.documents.length} 件文件，${pages} 页</span>`,
    catalog.masked ? '<span class="masked">身份证号与电话已隐藏，仅供浏览</span>' : '',
  ].join('');
  const anchor = (path: string | null, text: string) => (path ? `<a href="${escapeHtml(hrefOf(path))}" target="_blank" rel="noopener">${text}</a>` : '');
  const title = `${escapeHtml(source.name)}（${TIER_LABEL[source.tier]}）档案数据包`;
  const csp = `default-src 'none'; script-src ${SCRIPT_HASH}; style-src ${STYLE_HASH}; img-src data:; base-uri 'none'; form-action 'none'`;
  // "renderer: webkit" asks 360/QQ browsers for their Chromium core instead of the old IE one.
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="renderer" content="webkit">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${title}</h1>
<div class="sub">${sub}</div>
<nav>${anchor(links.report, '校验报告（PDF）')}${anchor(links.catalogXlsx, '目录（Excel）')}</nav>
</header>
<div class="body">
<aside>
<div class="search"><input id="q" type="text" placeholder="检索题名" aria-label="检索题名" autocomplete="off"><button id="clear" type="button">清除</button></div>
<div id="tree"></div>
<div id="hits" hidden></div>
</aside>
<main id="unit"><p class="loading">正在打开目录……如果一直停在这里，请用 Chrome、Edge 或 360 浏览器的“极速模式”打开本文件。</p></main>
</div>
<script type="application/json" id="catalog-data">${scriptJson(pageData(catalog))}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
