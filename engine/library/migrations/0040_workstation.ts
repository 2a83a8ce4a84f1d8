import type { Migration } from './index';

export const m0040_workstation: Migration = {
  version: 40,
  name: 'settings of each workstation (the scanner hot folder)',
  sql: /* sql */ `
-- Settings that belong to one computer using the library, not to the library: a scanner's folder is a path on
-- that computer. Keyed by host name.
CREATE TABLE workstation_setting (
  host  TEXT NOT NULL,
  key   TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (host, key)
) STRICT;
`,
};
