// A Google service-account key file for tests: a fresh RSA key pair, the private half in the key file (PKCS#8
// PEM, as Google writes it), the public half for the mock token endpoint to verify the signed JWT with.

export type TestServiceAccount = { keyFile: Record<string, string>; publicKey: CryptoKey; clientEmail: string };

export async function createTestServiceAccount(tokenUri: string, projectId = "sa-project"): Promise<TestServiceAccount> {
  const pair = (await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  )) as CryptoKeyPair;
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey("pkcs8", pair.privateKey)).toString("base64");
  const privateKey = `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/(.{64})/g, "$1\n")}\n-----END PRIVATE KEY-----\n`;
  const clientEmail = `gateway@${projectId}.iam.gserviceaccount.com`;
  return {
    clientEmail,
    publicKey: pair.publicKey,
    keyFile: {
      type: "service_account",
      project_id: projectId,
      private_key_id: "test-key-id-1",
      private_key: privateKey,
      client_email: clientEmail,
      client_id: "100000000000000000001",
      auth_uri: "https://accounts.google.com/o/oauth2/auth",
      token_uri: tokenUri,
    },
  };
}
