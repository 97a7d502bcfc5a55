/** A multipart/form-data body for `app.inject`, encoded by the platform's own FormData. */
export async function multipartBody(
  fields: Record<string, string>,
  files: { field?: string; name: string; content: Buffer | string; type?: string }[] = [],
): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const file of files) {
    const bytes = typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : file.content;
    form.append(file.field ?? 'evidence', new Blob([new Uint8Array(bytes)], { type: file.type ?? 'application/octet-stream' }), file.name);
  }
  const response = new Response(form);
  return {
    payload: Buffer.from(await response.arrayBuffer()),
    headers: { 'content-type': response.headers.get('content-type')! },
  };
}

/** A small valid PNG (1×1 pixel), varied by `seed` so files can differ. */
export function tinyPng(seed = 0): Buffer {
  const base = Buffer.from(
    '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
    'hex',
  );
  return seed === 0 ? base : Buffer.concat([base, Buffer.from(`seed-${seed}`)]);
}
