// Large webhook bodies: verify while the body streams to a file, in constant
// memory, and use the stored copy only once it verified.
import { open, rm } from "node:fs/promises";
import { verifyStream } from "replicate-webhooks";

/** Pass the chunks through, writing each to `file` first. */
async function* savedTo(file, body) {
  for await (const chunk of body) {
    await file.write(chunk);
    yield chunk;
  }
}

/**
 * `request`: a fetch-API Request (its body is a ReadableStream). Resolves to
 * `{ id, timestamp }` once the body at `path` is verified; on failure the file
 * is removed and the WebhookVerificationError rethrown. The headers are checked
 * before anything is read or written.
 */
export async function receiveToFile(request, secret, path) {
  const file = await open(path, "w");
  try {
    return await verifyStream({ body: savedTo(file, request.body), headers: request.headers, secret });
  } catch (error) {
    await file.close();
    await rm(path, { force: true });
    throw error;
  } finally {
    await file.close().catch(() => {});
  }
}
