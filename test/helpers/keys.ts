import { generateKeyPairSync } from "node:crypto";

/** A throwaway RSA key, so the app signs real JWTs without a key file in the repository. */
export const privateKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
  type: "pkcs1",
  format: "pem",
}) as string;
