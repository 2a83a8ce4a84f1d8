// Errors that cross the API boundary as values, never as throws. Each code a clerk can meet has a Chinese
// message that says what to do.

export const ERROR_CODES = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'LIBRARY_MISSING',
  'LIBRARY_FROM_FUTURE',
  'LIBRARY_CORRUPT',
  'LIBRARY_READ_ONLY',
  'LIBRARY_BUSY',
  'FILE_UNREADABLE',
  'ROSTER_INVALID',
  'JOB_CANCELLED',
  'UNAUTHORIZED',
  'SIGN_IN_REQUIRED',
  'LOCKED',
  'FORBIDDEN',
  'EXPORT_FAILED',
  'PACKAGE_INVALID',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** Field-level problems for forms: path → Chinese message. */
  fields?: Record<string, string>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Thrown inside the engine; turned into `{ ok: false }` at the API edge. */
export class DangkaError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'DangkaError';
  }
}

export const GENERIC_MESSAGE: Record<ErrorCode, string> = {
  INVALID_INPUT: '输入有误，请按提示修改',
  NOT_FOUND: '没有找到该项，可能已被删除',
  LIBRARY_MISSING: '找不到档案库文件夹，请确认U盘或磁盘已连接，或选择其他档案库',
  LIBRARY_FROM_FUTURE: '该档案库由更新版本的档卡创建，请升级档卡后再打开',
  LIBRARY_CORRUPT: '档案库数据库已损坏，请从备份恢复',
  LIBRARY_READ_ONLY: '档案库所在磁盘只读，无法保存修改',
  LIBRARY_BUSY: '档案库正忙（可能正在导入），请稍后再试',
  FILE_UNREADABLE: '文件无法读取',
  ROSTER_INVALID: '花名册有错误，未导入任何数据',
  JOB_CANCELLED: '已取消',
  UNAUTHORIZED: '未授权：请使用 dangka serve 打印的完整地址打开',
  SIGN_IN_REQUIRED: '请先登录',
  LOCKED: '屏幕已锁定，请输入密码解锁',
  FORBIDDEN: '您的账户没有这项操作的权限，请联系管理员',
  EXPORT_FAILED: '数据包没有写完，目标位置没有留下不完整的数据包',
  PACKAGE_INVALID: '数据包有问题，未导入任何数据',
  INTERNAL: '程序内部错误，请联系技术支持',
};
