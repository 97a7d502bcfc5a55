import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { EntityStatus } from '../../../contracts/registry';
import { toIsoString } from '../../db/values';
import { problemResponses } from '../../http/schema-helpers';
import { registryPolicy } from './registry.policy';
import { entityActions, presentEntity, presentEntitySummary } from './registry.presenter';
import {
  CaseParams,
  CreateEntityBody,
  EntityListQuery,
  EntityParams,
  EntitySummarySchema,
  ExportQuery,
  FromCaseBody,
  MergeBody,
  RecordBody,
  SplitBody,
  StatusBody,
} from './registry.schemas';
import type { RegistryService } from './registry.service';

const STAFF = { auth: 'user' as const };
const Detail = Type.Record(Type.String(), Type.Unknown(), { description: 'The entity page: see the workbench' });
const Created = Type.Object({ id: Type.String() });

/** The offender registry: entities, records, status, merge and split, entities from a case, STIX export. */
export async function registryRoutes(parent: FastifyInstance, options: { registry: RegistryService }) {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const { registry } = options;
  app.addSchema(EntitySummarySchema);
  const tags = ['registry'];

  async function entityPage(actor: Parameters<RegistryService['getEntity']>[0], id: string) {
    const detail = await registry.getEntity(actor, id);
    const actions =
      actor.kind === 'user'
        ? entityActions(
            registryPolicy.changeStatus(actor) ? actor.roles : [],
            detail.entity.status as EntityStatus,
            registryPolicy.write(actor),
            registryPolicy.mergeOrSplit(actor),
          )
        : [];
    return presentEntity(detail, actions);
  }

  app.get(
    '/api/v1/registry/entities',
    {
      config: STAFF,
      schema: {
        tags,
        summary: 'Entities of the registry, newest first, by kind, status, name or identifier',
        querystring: EntityListQuery,
        response: {
          200: Type.Object({ items: Type.Array(Type.Ref('RegistryEntitySummary')), nextBefore: Type.Union([Type.String(), Type.Null()]) }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const page = await registry.listEntities(request.principal, request.query);
      return { items: page.items.map((i) => presentEntitySummary(i.row, i.identifiers)), nextBefore: page.nextBefore };
    },
  );

  app.post(
    '/api/v1/registry/entities',
    {
      config: STAFF,
      schema: {
        tags,
        summary: 'Put an entity on the registry, with its identifiers and optionally its first record',
        body: CreateEntityBody,
        response: { 201: Detail, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const row = await registry.createEntity(request.principal, request.body);
      return reply.code(201).send(await entityPage(request.principal, row.id));
    },
  );

  app.get(
    '/api/v1/registry/entities/:id',
    {
      config: STAFF,
      schema: {
        tags,
        summary: 'An entity with its records, identifiers, status history, merges and linked cases (a merged id gives its survivor)',
        params: EntityParams,
        response: { 200: Detail, ...problemResponses(401, 404) },
      },
    },
    async (request) => entityPage(request.principal, request.params.id),
  );

  app.post(
    '/api/v1/registry/entities/:id/records',
    {
      config: STAFF,
      schema: {
        tags,
        summary: 'Append a record (a violation tied to a case) to an entity; a merged id records on its survivor',
        params: EntityParams,
        body: RecordBody,
        response: { 201: Created, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const record = await registry.addRecord(request.principal, request.params.id, request.body);
      return reply.code(201).send({ id: record.id });
    },
  );

  app.post(
    '/api/v1/registry/entities/:id/status',
    {
      config: STAFF,
      schema: {
        tags,
        summary:
          'Change an entity’s status (suspected → confirmed → cleared), with a reason and a legal basis; a merged id acts on its survivor',
        params: EntityParams,
        body: StatusBody,
        response: {
          200: Type.Object({ id: Type.String(), status: Type.String(), updatedAt: Type.String() }),
          ...problemResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => {
      const row = await registry.changeStatus(request.principal, request.params.id, request.body);
      return { id: row.id, status: row.status, updatedAt: toIsoString(row.updated_at) };
    },
  );

  app.post(
    '/api/v1/registry/entities/:id/merge',
    {
      config: STAFF,
      schema: {
        tags,
        summary: 'Merge another entity into this one (history kept; undone by a split)',
        params: EntityParams,
        body: MergeBody,
        response: { 200: Detail, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const survivor = await registry.merge(request.principal, request.params.id, request.body.absorbedId, request.body.reason);
      return entityPage(request.principal, survivor.id);
    },
  );

  app.post(
    '/api/v1/registry/entities/:id/split',
    {
      config: STAFF,
      schema: {
        tags,
        summary: 'Split a merged entity out again: its identifiers and records go back to it',
        params: EntityParams,
        body: SplitBody,
        response: { 200: Detail, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const restored = await registry.split(request.principal, request.params.id, request.body.reason);
      return entityPage(request.principal, restored.id);
    },
  );

  app.post(
    '/api/v1/cases/:id/registry-entities',
    {
      config: STAFF,
      schema: {
        tags: [...tags, 'cases'],
        summary: 'Entities from the case’s indicators in one step: each becomes or joins an entity, with a record of the case',
        params: CaseParams,
        body: FromCaseBody,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                type: Type.String(),
                value: Type.String(),
                entityId: Type.String(),
                created: Type.Boolean(),
                recordId: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
          }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => ({ items: await registry.entitiesFromCase(request.principal, request.params.id, request.body) }),
  );

  app.get(
    '/api/v1/registry/export.stix',
    {
      config: STAFF,
      schema: {
        tags,
        summary: 'The registry as a STIX 2.1 bundle (current entities, by kind and status)',
        querystring: ExportQuery,
        response: { ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { bundle, truncated } = await registry.exportStix(request.principal, request.query);
      return reply
        .type('application/stix+json;version=2.1')
        .header('cache-control', 'no-store')
        .header('content-disposition', 'attachment; filename="qinglang-registry.stix.json"')
        .header('x-truncated', truncated ? 'true' : 'false')
        .send(JSON.stringify(bundle));
    },
  );
}
