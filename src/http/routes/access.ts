// /api/v1 access administration: users, API tokens, project members and the audit log.
import { Hono } from 'hono';
import { listAudit } from '../../core/services/list-audit.ts';
import { listMembers, removeMember, setMember } from '../../core/services/manage-members.ts';
import { createToken, listTokens, revokeToken } from '../../core/services/manage-tokens.ts';
import { createUser, getUser, listUsers, updateUser } from '../../core/services/manage-users.ts';
import { tokenMinter } from '../../security/tokens.ts';
import { idParam, jsonBody } from '../body.ts';
import { type AppDeps, type AppEnv, contextOf } from '../types.ts';

export function accessRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/users', async (c) => c.json(await listUsers({ ctx: contextOf(deps, c) })));
  app.post('/users', async (c) =>
    c.json(await createUser({ ctx: contextOf(deps, c), input: await jsonBody(c) }), 201),
  );
  app.get('/users/:email', async (c) =>
    c.json(await getUser({ ctx: contextOf(deps, c), input: { email: c.req.param('email') } })),
  );
  app.patch('/users/:email', async (c) =>
    c.json(
      await updateUser({
        ctx: contextOf(deps, c),
        input: { email: c.req.param('email'), body: await jsonBody(c) },
      }),
    ),
  );
  app.get('/users/:email/tokens', async (c) =>
    c.json(await listTokens({ ctx: contextOf(deps, c), input: { email: c.req.param('email') } })),
  );
  app.post('/users/:email/tokens', async (c) =>
    c.json(
      await createToken({
        ctx: contextOf(deps, c),
        minter: tokenMinter,
        input: { email: c.req.param('email'), body: await jsonBody(c) },
      }),
      201,
    ),
  );
  app.delete('/tokens/:id', async (c) =>
    c.json(await revokeToken({ ctx: contextOf(deps, c), input: { tokenId: idParam(c, 'id') } })),
  );
  app.get('/projects/:project/members', async (c) =>
    c.json(await listMembers({ ctx: contextOf(deps, c), input: { project: c.req.param('project') } })),
  );
  app.put('/projects/:project/members/:email', async (c) =>
    c.json(
      await setMember({
        ctx: contextOf(deps, c),
        input: { project: c.req.param('project'), email: c.req.param('email'), body: await jsonBody(c) },
      }),
    ),
  );
  app.delete('/projects/:project/members/:email', async (c) => {
    await removeMember({
      ctx: contextOf(deps, c),
      input: { project: c.req.param('project'), email: c.req.param('email') },
    });
    return c.body(null, 204);
  });
  app.get('/audit', async (c) => {
    // Unknown parameters are refused (strict input), so a misspelt filter never silently shows everything.
    const query = c.req.query();
    return c.json(await listAudit({ ctx: contextOf(deps, c), input: query }));
  });
  return app;
}
