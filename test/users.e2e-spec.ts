import { randomUUID } from 'node:crypto';
import { type Actor, createActor, TEST_ADMIN } from './support/actors.js';
import type { ApiClient } from './support/api-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { eventually } from './support/eventually.js';

describe('users: listing, roles, disabling, passwords', () => {
  let api: TestApp;
  let admin: ApiClient;

  beforeAll(async () => {
    api = await startTestApp();
    admin = api.as(await api.adminToken());
  });
  afterAll(() => api.close());

  it('lists users by email a page at a time, of one organization or all, never with a password hash', async () => {
    const exporter = await createActor(api, 'exporter');
    for (const name of ['b-dispatch', 'a-finance']) {
      await admin.createUser({
        email: `${name}.${exporter.email}`,
        password: 'a-long-enough-password',
        role: 'exporter',
        organizationId: exporter.organizationId,
      });
    }
    const first = await admin.listUsers({ organizationId: exporter.organizationId, limit: 2 });
    const second = await admin.listUsers({ organizationId: exporter.organizationId, cursor: first.nextCursor! });
    expect(second.nextCursor).toBeNull();
    const emails = [...first.items, ...second.items].map((user) => user.email);
    expect(emails).toEqual([`a-finance.${exporter.email}`, `b-dispatch.${exporter.email}`, exporter.email]);
    expect(second.items[0]).toEqual({
      id: exporter.userId,
      email: exporter.email,
      role: 'exporter',
      organizationId: exporter.organizationId,
      disabled: false,
      version: 1,
    });
    const everyone = await admin.listUsers({ limit: 200 });
    expect(everyone.items.map((user) => user.email)).toEqual(expect.arrayContaining([TEST_ADMIN.email, ...emails]));
    expect(JSON.stringify(everyone)).not.toMatch(/argon2|password/i);

    await admin.listUsers({ organizationId: 'not-a-uuid' }).expectProblem(422);
    await api.as(exporter).listUsers().expectStatus(403);
  });

  it("stops a disabled user's token and API key on the very next request, and refuses its sign-in like a wrong password", async () => {
    const exporter = await createActor(api, 'exporter');
    const { key } = await api.as(exporter).createApiKey({ name: 'ERP' });
    await api.as(exporter).me();
    await api.as(key).me();

    const disabling = admin.updateUser(exporter.userId, { disabled: true }, { ifMatch: '"1"' });
    expect(await disabling).toMatchObject({ id: exporter.userId, disabled: true, version: 2 });
    expect((await disabling.response).headers.get('etag')).toBe('"2"');

    await api.as(exporter).me().expectProblem(401);
    await api.as(key).me().expectProblem(401);
    const refused = await api.as().signIn({ email: exporter.email, password: exporter.password }).expectStatus(401);
    expect(refused).toEqual(
      await api.as().signIn({ email: exporter.email, password: 'not-the-password' }).expectStatus(401),
    );

    // Enabled again: its API key works again and it may sign in; the token from before stays invalid.
    await admin.updateUser(exporter.userId, { disabled: false });
    expect(await api.as(key).me()).toMatchObject({ id: exporter.userId, disabled: false, version: 3 });
    await api.as(exporter).me().expectStatus(401);
    const { accessToken } = await api.as().signIn({ email: exporter.email, password: exporter.password });
    await api.as(accessToken).me();
  });

  it("applies a new role to the user's token and API keys from the next request, within its kind of organization", async () => {
    const operator = await createActor(api, 'operator');
    const { key } = await api.as(operator).createApiKey({ name: 'handheld' });
    await api.as(operator).listOrganizations().expectStatus(403);

    await admin.updateUser(operator.userId, { role: 'admin' });
    await api.as(operator).listOrganizations();
    await api.as(key).listOrganizations();
    await admin.updateUser(operator.userId, { role: 'operator' });
    await api.as(operator).listOrganizations().expectStatus(403);
    await api.as(key).listOrganizations().expectStatus(403);

    const misplaced = await admin.updateUser(operator.userId, { role: 'exporter' }).expectProblem(422);
    expect(misplaced.errors).toEqual([{ field: 'role', message: 'is not allowed in an operator organization' }]);
  });

  it('reads a user with its ETag, refuses a stale If-Match (412), unknown users (404) and bad values (422)', async () => {
    const exporter = await createActor(api, 'exporter');
    await api.as(exporter).updateUser(exporter.userId, { disabled: false }).expectStatus(403);
    await api.as(exporter).getUser(exporter.userId).expectStatus(403);
    const read = admin.getUser(exporter.userId);
    expect(await read).toMatchObject({ id: exporter.userId, version: 1 });
    expect((await read.response).headers.get('etag')).toBe('"1"');

    await admin.updateUser(exporter.userId, { disabled: true });
    await admin.updateUser(exporter.userId, { disabled: false }, { ifMatch: '"1"' }).expectProblem(412);
    await admin.updateUser(randomUUID(), { disabled: true }).expectProblem(404);
    await admin.getUser(randomUUID()).expectProblem(404);
    for (const body of [{ disabled: 'yes' }, { role: 'root' }, { email: 'x@example.com' }]) {
      const problem = await admin
        .request('PATCH', `/api/v1/users/${exporter.userId}`, { json: body })
        .expectProblem(422);
      expect(problem.errors![0]!.field).toBe(Object.keys(body)[0]);
    }
  });

  it('changes a password given the current one; every earlier token stops working, API keys go on', async () => {
    const exporter = await createActor(api, 'exporter');
    const { key } = await api.as(exporter).createApiKey({ name: 'ERP' });
    const me = api.as(exporter);
    const newPassword = 'a-brand-new-password';

    const wrong = await me.changePassword({ currentPassword: 'not-the-password', newPassword }).expectProblem(422);
    expect(wrong.errors).toEqual([{ field: 'currentPassword', message: 'is not your current password' }]);
    // The same rule as POST /users, and the same words.
    const weak = await me
      .changePassword({ currentPassword: exporter.password, newPassword: 'short' })
      .expectProblem(422);
    const weakUser = await admin
      .createUser({
        email: `weak.${exporter.email}`,
        password: 'short',
        role: 'exporter',
        organizationId: exporter.organizationId,
      })
      .expectProblem(422);
    expect(weak.errors).toEqual([{ field: 'newPassword', message: weakUser.errors![0]!.message }]);
    const same = await me
      .changePassword({ currentPassword: exporter.password, newPassword: exporter.password })
      .expectProblem(422);
    expect(same.errors![0]!.field).toBe('newPassword');
    await api.as(key).changePassword({ currentPassword: exporter.password, newPassword }).expectProblem(403);
    await me.me(); // nothing has changed so far

    await me.changePassword({ currentPassword: exporter.password, newPassword });
    await me.me().expectProblem(401);
    await api.as(key).me();
    await api.as().signIn({ email: exporter.email, password: exporter.password }).expectStatus(401);
    const { accessToken } = await api.as().signIn({ email: exporter.email, password: newPassword });
    expect(await api.as(accessToken).me()).toMatchObject({ id: exporter.userId });
  });

  it('changes six passwords at once on a pool of four while a sign-in goes through: no request keeps a connection while it hashes', async () => {
    const users: Actor[] = [];
    for (let i = 0; i < 6; i++) users.push(await createActor(api, 'operator'));
    const changes = users.map((user) =>
      api.as(user).changePassword({ currentPassword: user.password, newPassword: `${user.password}-changed` }),
    );
    await new Promise((done) => setTimeout(done, 50));
    const signIn = api.as().signIn(TEST_ADMIN);

    await Promise.all([...changes, signIn]);
    const [first] = users;
    await api.as().signIn({ email: first!.email, password: `${first!.password}-changed` });
  });

  it('counts wrong current passwords like failed sign-ins (429 beyond the limit)', async () => {
    const exporter = await createActor(api, 'exporter');
    const attempt = () =>
      api.as(exporter).changePassword({ currentPassword: 'a-wrong-guess!', newPassword: 'a-brand-new-password' });
    for (let i = 1; i <= 10; i++) await attempt().expectStatus(422);
    await attempt().expectProblem(429);
    await api.as().signIn({ email: exporter.email, password: exporter.password }).expectStatus(429);
  });
});

describe('users: the last admin who is not disabled, and other api processes', () => {
  let api: TestApp;
  let other: TestApp;
  let admin: ApiClient;
  let secondAdmin: Actor;

  beforeAll(async () => {
    api = await startTestApp();
    other = await startTestApp({}, api);
    admin = await api.asAdmin();
  });
  afterAll(async () => {
    await other.close();
    await api.close();
  });

  it('cannot be disabled or given another role (409) until another admin can sign in', async () => {
    const { id } = await admin.me();
    expect((await admin.updateUser(id, { disabled: true }).expectProblem(409)).type).toBe(
      'https://landbridge.dev/problems/last-active-admin',
    );
    await admin.updateUser(id, { role: 'operator' }).expectProblem(409);

    secondAdmin = await createActor(api, 'admin');
    await api.as(secondAdmin).updateUser(id, { disabled: true });
    await admin.me().expectProblem(401);
    await api.as(secondAdmin).updateUser(secondAdmin.userId, { disabled: true }).expectProblem(409);
  });

  it("has another api process refuse a disabled user's token and API key once the database tells it", async () => {
    // Created by the second admin: the first one is disabled now.
    const asSecond = api.as(secondAdmin);
    const organization = await asSecond.createOrganization({ name: `Exporter ${randomUUID()}`, kind: 'exporter' });
    const credentials = { email: `erp.${randomUUID()}@example.test`, password: 'a-long-enough-password' };
    const user = await asSecond.createUser({ ...credentials, role: 'exporter', organizationId: organization.id });
    const exporter = { userId: user.id, token: (await api.as().signIn(credentials)).accessToken };
    const { key } = await api.as(exporter).createApiKey({ name: 'ERP' });
    // The other process has seen the token (and remembers its user) and the key.
    await other.as(exporter).me();
    await new Promise((done) => setTimeout(done, 200)); // its LISTEN connection opens on that first request
    await other.as(exporter).me();
    await other.as(key).me();

    await api.as(secondAdmin).updateUser(exporter.userId, { disabled: true });
    await other.as(key).me().expectProblem(401);
    await eventually(async () => (await other.as(exporter).me().response).status === 401);
  });
});
