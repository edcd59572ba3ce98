// Bedrock's errors: an HTTP error body `{"message": "..."}` whose kind is the `x-amzn-errortype` header
// (`ThrottlingException:http://internal.amazon.com/coral/...`), and in a ConverseStream the same kinds as
// exception frames (`:exception-type` throttlingException, modelStreamErrorException, ...). The status of a
// mid-stream exception is the one the same kind has as an HTTP error, so clients and retries see one meaning.
import type { IrError } from "../ir.ts";
import { asObject, asString } from "../json-values.ts";

const statusByErrorType: Readonly<Record<string, number>> = {
  validationexception: 400,
  accessdeniedexception: 403,
  unrecognizedclientexception: 403,
  resourcenotfoundexception: 404,
  modeltimeoutexception: 408,
  modelerrorexception: 424,
  modelstreamerrorexception: 424,
  throttlingexception: 429,
  modelnotreadyexception: 429,
  servicequotaexceededexception: 429,
  internalserverexception: 500,
  serviceunavailableexception: 503,
};

/** `ThrottlingException:http://internal...` or `throttlingException` → `ThrottlingException`. */
export function errorTypeName(type: string): string {
  const name = type.split(":")[0]!.trim();
  return name.charAt(0).toUpperCase() + name.slice(1);
}

export function statusOfErrorType(type: string): number {
  return statusByErrorType[errorTypeName(type).toLowerCase()] ?? 502;
}

export function bedrockErrorBody(error: IrError) {
  return { message: error.message };
}

export function decodeBedrockError(status: number, body: unknown): IrError {
  const object = asObject(body);
  const message = asString(object.message) ?? asString(object.Message) ?? `Upstream answered HTTP ${status}`;
  return { status, message, code: null };
}
