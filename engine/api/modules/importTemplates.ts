import type { importTemplateMethods } from '../../../shared/methods/importTemplates';
import { importTemplate } from '../../importTemplates/importTemplates';
import type { HandlersOf } from './index';

export const importTemplateHandlers: HandlersOf<keyof typeof importTemplateMethods> = {
  'importTemplate.get': async ({ lib }, { kind }) => {
    const file = await importTemplate(lib, kind);
    return { fileName: file.fileName, contentBase64: file.bytes.toString('base64') };
  },
};
