// The engine side of the API contract (shared/api.ts): one handler per method, given already-validated input.
import { resolve } from 'node:path';
import type { ApiMethod, ApiOutput, ApiParsedInput } from '../../shared/api';
import { DangkaError } from '../../shared/errors';
import type { AuthStatus, BackupResult, BagImportResult, FormsImportResult, UserView, IngestResult, PackResult, PrintResult, RosterImportResult } from '../../shared/domain';
import type { PackageVerifyReport } from '../../shared/fixity';
import {
  assignContact,
  createPerson,
  getPerson,
  householdDetail,
  searchCatalog,
  searchPeople,
  setHouseholdStatus,
  setPersonPhoto,
  unitDetail,
  updatePerson,
} from '../catalog/households';
import { children, getUnit } from '../catalog/units';
import { libraryInfo } from '../catalog/info';
import { preparePhoto } from '../catalog/photo';
import {
  checkFilingTarget,
  correctPageText,
  documentDetail,
  documentIdOfPage,
  fileDocument,
  itemsForUnit,
  listDocuments,
  mergeDocuments,
  pageWords,
  reorderPages,
  splitDocument,
} from '../ingest/documents';
import type { HotFolderService } from '../ingest/hotFolderService';
import { ingestFiles } from '../ingest/ingest';
import { rotatePage } from '../ingest/rotate';
import { suggestItems } from '../ingest/suggest';
import { readUpload, removeUpload, saveUpload, uploadName } from '../ingest/uploads';
import type { JobRunner } from '../jobs/jobs';
import { ocrStatus, type OcrService } from '../ocr/service';
import { packageReportFileName, packageReportPdf, verifyPackage } from '../pack/fourProperties';
import { importBag } from '../pack/importBag';
import { packUnit, planPackage } from '../pack/pack';
import { packTargets } from '../pack/targets';
import { detachedContext, type JobContext } from '../jobs/jobs';
import { documentPdf } from '../pdf/documentPdf';
import { renderBinder } from '../print/binder';
import { renderContactCards } from '../print/cards';
import { renderHouseholdCards } from '../print/householdCard';
import { openForPrinting } from '../print/open';
import { pageRange, previewPage, printedPdf } from '../print/preview';
import { checkAllInSteps, recheckUnit } from '../validate/check';
import { deleteForm, listForms, saveForm } from '../validate/formRecords';
import { importForms } from '../validate/formsImport';
import { prefillForm } from '../validate/prefill';
import { acceptProblem, addProblem, listProblems, updateProblem } from '../validate/ledger';
import { exportLedger } from '../validate/ledgerExport';
import { listSignoffs, signOff } from '../validate/review';
import { checkSummary } from '../validate/summary';
import { actorName, auditHistory, recordEvent, runAs, verifyAudit, type Actor } from '../audit/trail';
import type { Sessions } from '../auth/sessions';
import { signInThrottle } from '../auth/throttle';
import { authenticate, checkPassword, createUser, getUser, hashPassword, insertUser, listUsers, updateUser, userCount } from '../auth/users';
import { backupLibrary } from '../backup/backup';
import { storeBlob } from '../library/blobs';
import { writeTransaction, type Library } from '../library/library';
import { importRoster } from '../roster/import';
import { searchDocuments } from '../search/search';
import { moduleHandlers } from './modules/index';

export interface EngineContext {
  lib: Library;
  jobs: JobRunner;
  ocr: OcrService;
  hotFolder: HotFolderService;
  sessions: Sessions;
  mode: 'sessions' | 'system';
  /** Who makes this call (the audit trail's 谁). */
  actor: Actor;
  /** The caller's session token, when the front door has sessions. */
  session: string | undefined;
}

/** 谁签字谁负责: a signed-in user signs with their own name; the command line with the name it was given. */
export function signer(ctx: EngineContext, typed: string): string {
  return ctx.actor.userId === null ? typed : ctx.actor.displayName;
}

function authStatus(ctx: EngineContext, token = ctx.session): AuthStatus {
  const session = ctx.sessions.find(token);
  return {
    needsSetup: userCount(ctx.lib.db) === 0,
    user: session ? getUser(ctx.lib.db, session.userId) : null,
    locked: session?.locked ?? false,
    idleLockMinutes: ctx.sessions.idleLockMinutes,
  };
}

/** Signs a user in on a new session, recorded in the trail under their own name. */
function signIn(ctx: EngineContext, user: UserView): { session: string; status: AuthStatus } {
  const session = ctx.sessions.create(user.id);
  runAs({ userId: user.id, name: actorName(user.displayName, user.role), displayName: user.displayName, role: user.role, action: ctx.actor.action }, () =>
    recordEvent(ctx.lib.db, '登录', { username: user.username }),
  );
  return { session, status: authStatus(ctx, session) };
}

export type Handlers = {
  [M in ApiMethod]: (ctx: EngineContext, input: ApiParsedInput<M>) => ApiOutput<M> | Promise<ApiOutput<M>>;
};

export const handlers: Handlers = {
  ...moduleHandlers,
  'library.info': ({ lib }) => libraryInfo(lib),
  'catalog.children': ({ lib }, { parentId }) => children(lib.db, parentId),
  'catalog.unit': ({ lib }, { id }) => unitDetail(lib, id),
  'auth.status': (ctx) => authStatus(ctx),
  'auth.setup': async (ctx, input) => {
    const passwordHash = await hashPassword(input.password);
    const user = ctx.lib.db.transaction(() => {
      if (userCount(ctx.lib.db) > 0) throw new DangkaError('FORBIDDEN', '档案库已有管理员账户，请登录');
      return insertUser(ctx.lib.db, { ...input, role: 'admin', passwordHash });
    }).immediate();
    return signIn(ctx, user);
  },
  'auth.login': async (ctx, { username, password }) => {
    const throttle = signInThrottle(ctx.lib.db);
    try {
      throttle.begin(username);
      const user = await authenticate(ctx.lib.db, username, password);
      throttle.succeeded(username);
      return signIn(ctx, user);
    } catch (err) {
      recordEvent(ctx.lib.db, '登录失败', { username, reason: err instanceof Error ? err.message : String(err) });
      throw err;
    }
  },
  'auth.logout': (ctx) => {
    if (ctx.session && ctx.sessions.find(ctx.session)) {
      recordEvent(ctx.lib.db, '退出登录', {});
      ctx.sessions.drop(ctx.session);
    }
    return authStatus(ctx, undefined);
  },
  'auth.lock': (ctx) => {
    if (ctx.session) ctx.sessions.lock(ctx.session);
    return authStatus(ctx);
  },
  'auth.unlock': async (ctx, { password }) => {
    const session = ctx.sessions.find(ctx.session);
    if (!session) throw new DangkaError('SIGN_IN_REQUIRED', '请重新登录');
    // Guessing at a locked screen is throttled like signing in.
    const { username } = getUser(ctx.lib.db, session.userId);
    const throttle = signInThrottle(ctx.lib.db);
    try {
      throttle.begin(username);
      await checkPassword(ctx.lib.db, session.userId, password);
      throttle.succeeded(username);
    } catch (err) {
      recordEvent(ctx.lib.db, '解锁失败', { username, reason: err instanceof Error ? err.message : String(err) });
      throw err;
    }
    ctx.sessions.unlock(session.token);
    return authStatus(ctx);
  },
  'auth.changePassword': async (ctx, { oldPassword, newPassword }) => {
    if (ctx.actor.userId === null) throw new DangkaError('INVALID_INPUT', '命令行请用 dangka user passwd 修改密码');
    await checkPassword(ctx.lib.db, ctx.actor.userId, oldPassword);
    await updateUser(ctx.lib.db, ctx.actor.userId, { password: newPassword });
    return authStatus(ctx);
  },
  'users.list': ({ lib }) => listUsers(lib.db),
  'users.create': ({ lib }, input) => createUser(lib.db, input),
  'users.update': async ({ lib, sessions }, { id: userId, ...change }) => {
    const user = await updateUser(lib.db, userId, change);
    // A new role, a disabled account or a password reset takes effect at once: the user signs in again.
    if (change.role !== undefined || change.active === false || change.password !== undefined) sessions.dropUser(userId);
    return user;
  },
  'audit.history': ({ lib }, { unitId, documentId, limit, offset }) =>
    auditHistory(lib.db, unitId !== undefined ? { unitId } : { documentId: documentId! }, limit, offset),
  'audit.verify': ({ lib }) => verifyAudit(lib.db),
  'household.idNumbers': ({ lib }, { id }) => {
    householdDetail(lib, id);
    const members = lib.db.prepare('SELECT id, name, id_number FROM member WHERE household_id = ? ORDER BY seq').all(id) as { id: number; name: string; id_number: string }[];
    // Seeing full ID numbers is recorded: who looked at whose.
    recordEvent(lib.db, '查看完整身份证号', { members: members.length }, id);
    return members.map((m) => ({ memberId: m.id, name: m.name, idNumber: m.id_number }));
  },
  'catalog.household': ({ lib }, { id }) => householdDetail(lib, id),
  'catalog.search': ({ lib }, { query, limit }) => searchCatalog(lib.db, query, limit),
  'search.documents': ({ lib }, { query, unitId, item, limit, offset }) => searchDocuments(lib.db, query, { unitId, item, limit, offset }),
  'household.setStatus': ({ lib }, { id, status }) => {
    writeTransaction(lib.db, (db) => setHouseholdStatus(db, id, status));
    return householdDetail(lib, id);
  },
  'contact.assign': ({ lib }, { householdId, role, personId, person }) => {
    if ((personId === undefined) === (person === undefined)) {
      throw new DangkaError('INVALID_INPUT', '请选择已有联系人，或填写新联系人');
    }
    writeTransaction(lib.db, (db) => {
      const id = personId ?? createPerson(db, person!);
      assignContact(db, householdId, role, id);
    });
    return householdDetail(lib, householdId);
  },
  'contact.update': ({ lib }, { personId, person }) => {
    writeTransaction(lib.db, (db) => updatePerson(db, personId, person));
    return getPerson(lib.db, personId);
  },
  'contact.search': ({ lib }, { query, limit }) => searchPeople(lib.db, query, limit),
  'contact.setPhoto': async ({ lib }, { personId, contentBase64 }) => {
    getPerson(lib.db, personId);
    const photo = await preparePhoto(Buffer.from(contentBase64, 'base64'));
    writeTransaction(lib.db, (db) => setPersonPhoto(db, personId, storeBlob(lib, photo.bytes, photo.mime)));
    return getPerson(lib.db, personId);
  },
  'file.dataUrl': ({ lib }, { sha256 }) => {
    const row = lib.db.prepare('SELECT mime FROM blob WHERE sha256 = ?').get(sha256) as { mime: string } | undefined;
    if (!row || !lib.files.has(sha256)) throw new DangkaError('NOT_FOUND', '文件不在档案库中');
    return `data:${row.mime};base64,${lib.files.read(sha256).toString('base64')}`;
  },
  'roster.importStart': ({ lib, jobs }, { fileName, contentBase64, keepValid }) => {
    const bytes = Buffer.from(contentBase64, 'base64');
    const job = jobs.start<RosterImportResult>('roster.import', (ctx) => importRoster(lib, { fileName, bytes }, { keepValid }, ctx));
    return { jobId: job.id };
  },
  'documents.list': ({ lib }, { unitId, item }) => listDocuments(lib.db, unitId, item),
  'documents.get': ({ lib }, { id }) => documentDetail(lib, id),
  'documents.file': ({ lib }, { id, unitId, item, title }) => {
    fileDocument(lib, id, { unitId, item, ...(title ? { title } : {}) });
    return documentDetail(lib, id);
  },
  'documents.reorder': ({ lib }, { id, pageIds }) => {
    writeTransaction(lib.db, (db) => reorderPages(db, id, pageIds));
    return documentDetail(lib, id);
  },
  'documents.split': ({ lib }, { id, atSeq }) => documentDetail(lib, writeTransaction(lib.db, (db) => splitDocument(db, id, atSeq))),
  'documents.merge': ({ lib }, { id, otherId }) => {
    writeTransaction(lib.db, (db) => mergeDocuments(db, id, otherId));
    return documentDetail(lib, id);
  },
  'documents.items': ({ lib }, { unitId }) => itemsForUnit(lib, unitId),
  'documents.suggest': ({ lib }, { id, unitId }) => suggestItems(lib, id, unitId),
  'pages.correct': ({ lib }, { pageId, text }) => {
    writeTransaction(lib.db, (db) => correctPageText(db, pageId, text));
    return documentDetail(lib, documentIdOfPage(lib.db, pageId));
  },
  'pages.words': ({ lib }, { pageId }) => pageWords(lib.db, pageId),
  'pages.rotate': async ({ lib, ocr }, { pageId, rotation }) => {
    await rotatePage(lib, pageId, rotation);
    ocr.startRun();
    return documentDetail(lib, documentIdOfPage(lib.db, pageId));
  },
  'ingest.upload': ({ lib }, { fileName, contentBase64 }) => ({ uploadId: saveUpload(lib, fileName, Buffer.from(contentBase64, 'base64')) }),
  'ingest.start': ({ lib, jobs, ocr }, { uploadIds, unitId, item }) => {
    // Per file: an upload that is gone fails alone, named, while the rest are imported; every upload given is
    // removed once the import has run, and at once when the target is refused (the clerk's retry sends them again).
    try {
      checkFilingTarget(lib, unitId, item);
    } catch (err) {
      for (const id of uploadIds) removeUpload(lib, id);
      throw err;
    }
    const uploads = uploadIds.map((id, k) => ({ id, fileName: uploadName(lib, id) ?? `第${k + 1}个上传的文件` }));
    const job = jobs.start<IngestResult>('ingest', async (ctx) => {
      try {
        return await ingestFiles(lib, ocr, uploads.map((u) => ({ fileName: u.fileName, read: () => readUpload(lib, u.id).bytes })), { unitId, item, source: 'upload' }, ctx);
      } finally {
        for (const u of uploads) removeUpload(lib, u.id);
      }
    });
    return { jobId: job.id };
  },
  'ocr.status': ({ lib, ocr }) => ocrStatus(lib, ocr.runningJobId),
  'ocr.start': ({ ocr }, { retryFailed }) => ({ jobId: ocr.startRun({ retryFailed }) }),
  'hotFolder.get': ({ hotFolder }) => hotFolder.status(),
  'hotFolder.set': ({ hotFolder }, { dir }) => hotFolder.set(dir),
  'documents.pdf': async ({ lib }, { id }) => {
    const pdf = await documentPdf(lib, id);
    recordEvent(lib.db, '导出可检索PDF', { documentId: id });
    return pdf;
  },
  'check.run': async ({ lib }, { unitId }) => {
    const run = unitId === undefined ? await checkAllInSteps(lib, () => new Promise((resolve) => setImmediate(resolve))) : recheckUnit(lib, unitId);
    return {
      unitsChecked: run.unitsChecked,
      errors: run.findings.filter((f) => f.severity === 'error').length,
      warnings: run.findings.filter((f) => f.severity === 'warning').length,
    };
  },
  'check.summary': ({ lib }, { unitId }) => checkSummary(lib, unitId),
  'problems.list': ({ lib }, q) => listProblems(lib.db, q),
  'problems.add': (ctx, input) => writeTransaction(ctx.lib.db, (db) => addProblem(db, { ...input, createdBy: signer(ctx, input.createdBy) })),
  'problems.update': ({ lib }, { id, ...r }) => writeTransaction(lib.db, (db) => updateProblem(db, id, r)),
  'problems.accept': (ctx, { id, by, note }) => writeTransaction(ctx.lib.db, (db) => acceptProblem(db, id, signer(ctx, by), note)),
  'forms.list': ({ lib }, { unitId }) => listForms(lib.db, unitId),
  'forms.save': ({ lib }, input) => writeTransaction(lib.db, (db) => saveForm(db, { ...input, source: 'manual' })),
  'forms.delete': ({ lib }, { id }) => writeTransaction(lib.db, (db) => deleteForm(db, id)),
  'forms.prefill': ({ lib }, { documentId, type }) =>
    prefillForm(type, documentDetail(lib, documentId).pages.map((p) => p.text ?? '').join('\n')),
  'forms.importStart': ({ lib, jobs }, { fileName, contentBase64 }) => {
    const bytes = Buffer.from(contentBase64, 'base64');
    return { jobId: jobs.start<FormsImportResult>('forms.import', (ctx) => importForms(lib, { fileName, bytes }, ctx)).id };
  },
  'ledger.export': async ({ lib }, { unitId, kind, format, roundId }) => {
    const { fileName, bytes } = await exportLedger(lib, unitId, kind, format, roundId);
    recordEvent(lib.db, '导出台账', { fileName }, unitId);
    return { fileName, contentBase64: bytes.toString('base64') };
  },
  'print.cards': ({ lib, jobs }, { unitIds, layout, copies }) =>
    printJob(lib, jobs, unitIds, '明白卡', async (ctx) => {
      const cards = await renderContactCards(lib, unitIds, { layout, copies }, ctx);
      return { bytes: cards.bytes, pages: cards.pages, warnings: cards.warnings };
    }),
  'print.binder': ({ lib, jobs }, { unitIds, spineCm }) =>
    printJob(lib, jobs, unitIds, '案卷封面与目录', async (ctx) => {
      const binder = await renderBinder(lib, unitIds, { spineCm }, ctx);
      return { bytes: binder.bytes, pages: binder.pages, warnings: binder.warnings };
    }),
  'print.householdCards': ({ lib, jobs }, { unitIds }) =>
    printJob(lib, jobs, unitIds, '贫困户精准扶贫明白卡', async (ctx) => {
      const cards = await renderHouseholdCards(lib, unitIds, ctx);
      return { bytes: cards.bytes, pages: cards.pages, warnings: cards.warnings };
    }),
  'print.preview': async ({ lib, jobs }, { jobId, page }) => {
    const printed = printedPdf(lib, jobs, jobId);
    return { dataUrl: await previewPage(printed, page), pages: printed.pages };
  },
  'print.pdf': async ({ lib, jobs }, { jobId, from, to }) => {
    const printed = printedPdf(lib, jobs, jobId);
    const pdf = await pageRange(printed, from ?? 1, to ?? printed.pages);
    return { fileName: pdf.fileName, mime: 'application/pdf', contentBase64: Buffer.from(pdf.bytes).toString('base64') };
  },
  'print.open': async ({ lib, jobs }, { jobId, from, to }) => {
    const printed = printedPdf(lib, jobs, jobId);
    const pdf = await pageRange(printed, from ?? 1, to ?? printed.pages);
    return openForPrinting(pdf.fileName, pdf.bytes);
  },
  'review.list': ({ lib }, { unitId, roundId }) => listSignoffs(lib.db, unitId, roundId),
  'review.signoff': (ctx, input) => signOff(ctx.lib.db, { ...input, reviewer: signer(ctx, input.reviewer) }),
  'library.backupStart': ({ lib, jobs }, { outDir, label }) => ({
    jobId: jobs.start<BackupResult>('library.backup', async (ctx) => {
      const result = await backupLibrary(lib, resolve(outDir), ctx, { label });
      recordEvent(lib.db, '备份档案库', { path: result.path, files: result.files, bytes: result.bytes });
      return result;
    }).id,
  }),
  'pack.targets': ({ lib }) => packTargets(lib),
  'pack.plan': ({ lib }, input) => planPackage(lib, input, detachedContext()),
  'pack.start': ({ lib, jobs }, input) => ({
    jobId: jobs.start<PackResult>('pack', async (ctx) => {
      const result = await packUnit(lib, input, ctx);
      recordEvent(lib.db, '导出验收数据包', { bags: result.bags.map((b) => b.path), maskPersonal: input.maskPersonal }, input.unitId);
      return result;
    }).id,
  }),
  'pack.verifyStart': ({ jobs }, { dir }) => ({
    jobId: jobs.start<PackageVerifyReport>('pack.verify', async (ctx) => {
      const report = await verifyPackage(resolve(dir), ctx);
      // The 四性检测 report a county files with the acceptance: the job's result file (保存检测报告, 任务 → 保存文件).
      ctx.keepResultFile(await packageReportPdf(report), 'application/pdf');
      return { ...report, fileName: packageReportFileName(report) };
    }).id,
  }),
  'pack.importStart': ({ lib, jobs }, { dir, onConflict }) => ({
    jobId: jobs.start<BagImportResult>('pack.import', async (ctx) => {
      const result = await importBag(lib, resolve(dir), { onConflict }, ctx);
      recordEvent(lib.db, result.applied ? '导入验收数据包' : '拒绝导入验收数据包', { dir: resolve(dir), source: result.source, documentsAdded: result.documentsAdded, problems: result.problems.length });
      return result;
    }).id,
  }),
  'job.get': ({ jobs }, { jobId }) => jobs.get(jobId) as ApiOutput<'job.get'>,
  'job.cancel': ({ jobs }, { jobId }) => jobs.cancel(jobId) as ApiOutput<'job.cancel'>,
};

/** A print job: its PDF named after the batch, and a record in the trail of what was printed for whom. */
function printJob(
  lib: Library,
  jobs: JobRunner,
  unitIds: readonly number[],
  what: string,
  render: (ctx: JobContext) => Promise<{ bytes: Uint8Array; pages: number; warnings: string[] }>,
): { jobId: string } {
  const job = jobs.start<PrintResult>(
    'print',
    async (ctx) => {
      const out = await render(ctx);
      const fileName = `${batchName(lib, unitIds)}${what}.pdf`;
      recordEvent(lib.db, `打印${what}`, { fileName, pages: out.pages, units: unitIds }, unitIds[0]!);
      // The PDF goes to the file store; the job's row keeps its hash (engine/jobs/jobs.ts).
      return { fileName, sha256: ctx.keepResultFile(out.bytes, 'application/pdf'), pages: out.pages, warnings: out.warnings };
    },
    { unitId: unitIds[0]! },
  );
  return { jobId: job.id };
}

/** A print batch's file name: the unit's name, or the first one's and how many. */
function batchName(lib: Library, unitIds: readonly number[]): string {
  const first = getUnit(lib.db, unitIds[0]!).name;
  return unitIds.length === 1 ? first : `${first}等${unitIds.length}个单位`;
}
