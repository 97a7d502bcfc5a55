import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { problemResponses } from '../../http/schema-helpers';
import { CaseParams } from '../cases/cases.schemas';
import type { EvidenceManifest } from './evidence-manifest';
import type { EvidenceService } from './evidence.service';
import { writeZip } from './zip';

const tags = ['evidence'];

/** RFC 6266 filename*: the case number is ASCII, but say it properly anyway. */
function attachment(fileName: string): string {
  return `attachment; filename="${fileName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export async function evidenceRoutes(
  parent: FastifyInstance,
  options: { evidence: EvidenceService; signer: EvidenceManifest['signer'] },
): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const { evidence, signer } = options;

  app.get(
    '/api/v1/cases/:id/evidence-package',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary:
          'The case as a signed evidence package (ZIP): case and timeline as JSON, every evidence file, the audit events, ' +
          'a PDF summary in Chinese, a manifest of SHA-256 hashes and its Ed25519 signature. The export is audited.',
        params: CaseParams,
        response: { ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const built = await evidence.casePackage(request.principal, request.params.id);
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', attachment(built.fileName))
        .type('application/zip')
        .send(writeZip(built.entries));
    },
  );

  app.get(
    '/api/v1/evidence/public-key',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary: "The deployment's Ed25519 public key that signs evidence packages, and its SHA-256 fingerprint",
        response: {
          200: Type.Object({
            algorithm: Type.Literal('Ed25519'),
            publicKey: Type.String({ description: 'SubjectPublicKeyInfo (DER), base64' }),
            fingerprint: Type.String({ description: 'SHA-256 of the DER key, hex' }),
          }),
        },
      },
    },
    async () => signer,
  );
}
