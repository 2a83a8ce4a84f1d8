import type { Migration } from './index';

export const m0110_identity: Migration = {
  version: 110,
  name: 'a library identity that packages carry (who made a package, from which library)',
  sql: /* sql */ `
-- Random, made once per library: a package names the library it came from, and the county's trail names it back.
INSERT OR IGNORE INTO meta (key, value) VALUES ('library_id', lower(hex(randomblob(16))));
`,
};
