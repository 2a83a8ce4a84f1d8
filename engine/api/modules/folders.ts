import type { folderMethods } from '../../../shared/methods/folders';
import { listFolders } from '../../serve/folderBrowser';
import type { HandlersOf } from './index';

export const folderHandlers: HandlersOf<keyof typeof folderMethods> = {
  'folders.list': ({ lib }, { path }) => listFolders(lib.dir, path),
};
