import type { Migration } from './index';

export const m0110_identity: Migration = {
  version: 110,
  name: 'a library identity that packages carry; failed sign-ins and lockouts of accounts',
  sql: /* sql */ `
-- Random, made once per library: a package names the library it came from, and the county's trail names it back.
INSERT OR IGNORE INTO meta (key, value) VALUES ('library_id', lower(hex(randomblob(16))));

-- Sign-in throttling (engine/auth/throttle.ts): an account's failed sign-ins since its last good one, counted when an
-- attempt starts (so parallel guesses count at once); locked_at set after too many, cleared only by an administrator.
CREATE TABLE sign_in_failure (
  user_id   INTEGER PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
  failures  INTEGER NOT NULL,
  last_at   INTEGER NOT NULL,   -- ms since 1970
  locked_at TEXT
) STRICT;
`,
};
