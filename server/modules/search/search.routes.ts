import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { userOf } from '../../http/authenticate';
import { problemResponses } from '../../http/schema-helpers';
import { SearchQuerySchema, SearchResultsSchema } from './search.schemas';
import type { SearchService } from './search.service';

/** `GET /api/v1/search`: full-text search for staff, within what each may see. */
export async function searchRoutes(parent: FastifyInstance, options: { search: SearchService }) {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/v1/search',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['search'],
        summary:
          'Search reports (triage), cases (as the case policy allows) or registry entities (registry readers) by words, Chinese text and indicators',
        querystring: SearchQuerySchema,
        response: { 200: SearchResultsSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const results = await options.search.search(userOf(request), request.query);
      return reply.header('cache-control', 'no-store').send(results);
    },
  );
}
