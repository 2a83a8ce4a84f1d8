// Every error a clerk sees is a Chinese sentence from the engine (ApiError.message) — never a stack or an
// English exception text. Anything that is not a DangkaError is reported with the generic message.
import { App } from 'antd';
import { useCallback } from 'react';
import { DangkaError, GENERIC_MESSAGE, type ApiError } from '../../../shared/errors';

export function errorMessage(err: unknown): string {
  if (err instanceof DangkaError) return err.message;
  if (isApiError(err)) return err.message;
  // Our own readers (FileReader) throw Chinese messages; anything else is a bug, not the clerk's business.
  if (err instanceof Error && /[\u4e00-\u9fff]/.test(err.message)) return err.message;
  if (err) console.error('[dangka]', err);
  return GENERIC_MESSAGE.INTERNAL;
}

function isApiError(err: unknown): err is ApiError {
  return typeof err === 'object' && err !== null && typeof (err as ApiError).code === 'string' && typeof (err as ApiError).message === 'string';
}

/** A toast with the Chinese message of an error. */
export function useShowError(): (err: unknown) => void {
  const { message } = App.useApp();
  return useCallback((err: unknown) => void message.error(errorMessage(err)), [message]);
}
