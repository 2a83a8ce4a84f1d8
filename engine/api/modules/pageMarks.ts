import type { pageMarkMethods } from '../../../shared/methods/pageMarks';
import { pageWords } from '../../ingest/documents';
import { searchMarks } from '../../search/pageMarks';
import type { HandlersOf } from './index';

export const pageMarkHandlers: HandlersOf<keyof typeof pageMarkMethods> = {
  'pages.searchMarks': ({ lib }, { pageId, query }) => searchMarks(pageWords(lib.db, pageId), query),
};
