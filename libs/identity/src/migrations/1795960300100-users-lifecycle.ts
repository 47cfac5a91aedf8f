import type { MigrationInterface, QueryRunner } from 'typeorm';

export class UsersLifecycle1795960300100 implements MigrationInterface {
  name = 'UsersLifecycle1795960300100';

  async up(db: QueryRunner): Promise<void> {
    // A disabled user can neither sign in nor use its tokens or API keys. `version` is the user's ETag (role
    // and disabled change through PATCH /users/:id). `token_generation` is written into every access token
    // issued: raising it (a password change or reset, disabling) makes every earlier token invalid.
    await db.query(`
      ALTER TABLE users
        ADD COLUMN disabled boolean NOT NULL DEFAULT false,
        ADD COLUMN version integer NOT NULL DEFAULT 1,
        ADD COLUMN token_generation integer NOT NULL DEFAULT 0`);
    // Each api process remembers the state of the users whose tokens it has seen, and forgets a user when
    // told so here, on commit, whatever changed it (the api, npm run admin, or a person in psql).
    await db.query(`
      CREATE FUNCTION users_notify_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('users_changed', OLD.id::text);
        RETURN NULL;
      END
      $$`);
    await db.query(`
      CREATE TRIGGER users_changed AFTER UPDATE OR DELETE ON users
      FOR EACH ROW EXECUTE FUNCTION users_notify_changed()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TRIGGER users_changed ON users');
    await db.query('DROP FUNCTION users_notify_changed()');
    await db.query('ALTER TABLE users DROP COLUMN token_generation, DROP COLUMN version, DROP COLUMN disabled');
  }
}
