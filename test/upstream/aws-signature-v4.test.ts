// The SigV4 signer against AWS's published Signature Version 4 test suite (aws-sig-v4-test-suite): the example
// credentials, example.amazonaws.com, 2015-08-30T12:36:00Z, region us-east-1, service "service". Each expected
// Authorization value is the suite's own `.authz` file, so a signing mistake fails here.
import { describe, expect, test } from "bun:test";
import { canonicalPath, signAwsRequest, type AwsCredentials } from "../../src/upstream/aws-signature-v4.ts";

const credentials: AwsCredentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const scope = { region: "us-east-1", service: "service" };
const now = new Date("2015-08-30T12:36:00Z");
const suiteToken =
  "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

function authorization(method: string, url: string, headers: Record<string, string> = {}, body = "", sessionToken?: string): string {
  const request = { method, url, headers: new Headers(headers), body };
  signAwsRequest(request, { ...credentials, sessionToken }, scope, now);
  expect(request.headers.get("x-amz-date")).toBe("20150830T123600Z");
  return request.headers.get("authorization")!;
}

const credentialPart = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";

describe("AWS SigV4 test suite", () => {
  test("get-vanilla", () => {
    expect(authorization("GET", "https://example.amazonaws.com/")).toBe(
      `${credentialPart}, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31`,
    );
  });

  test("get-vanilla-query-order-key-case (query sorted by name)", () => {
    expect(authorization("GET", "https://example.amazonaws.com/?Param2=value2&Param1=value1")).toBe(
      `${credentialPart}, SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500`,
    );
  });

  test("post-vanilla", () => {
    expect(authorization("POST", "https://example.amazonaws.com/")).toBe(
      `${credentialPart}, SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b`,
    );
  });

  test("post-x-www-form-urlencoded (content type signed, body hashed)", () => {
    expect(authorization("POST", "https://example.amazonaws.com/", { "Content-Type": "application/x-www-form-urlencoded" }, "Param1=value1")).toBe(
      `${credentialPart}, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a`,
    );
  });

  test("post-sts-header-before (temporary credentials: the session token is sent and signed)", () => {
    const request = { method: "POST", url: "https://example.amazonaws.com/", headers: new Headers(), body: "" };
    signAwsRequest(request, { ...credentials, sessionToken: suiteToken }, scope, now);
    expect(request.headers.get("x-amz-security-token")).toBe(suiteToken);
    expect(request.headers.get("authorization")).toBe(
      `${credentialPart}, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead`,
    );
  });
});

describe("what the gateway signs", () => {
  test("headers outside the signed set (user-agent) do not change the signature", () => {
    const plain = authorization("POST", "https://example.amazonaws.com/", {}, "{}");
    expect(authorization("POST", "https://example.amazonaws.com/", { "user-agent": "amrouter/1" }, "{}")).toBe(plain);
  });

  test("a model id's encoded colon is encoded again in the canonical path (every service but S3)", () => {
    expect(canonicalPath("/model/anthropic.claude-v1%3A0/converse")).toBe("/model/anthropic.claude-v1%253A0/converse");
    expect(canonicalPath("/")).toBe("/");
  });
});
