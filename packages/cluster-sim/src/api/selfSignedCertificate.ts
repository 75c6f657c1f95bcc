import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

/** A PEM key and certificate for serving HTTPS on 127.0.0.1. */
export interface ServingCertificate {
  key: string;
  cert: string;
}

let cached: ServingCertificate | undefined;

/**
 * A self-signed CA certificate for `127.0.0.1` and `localhost`, made once per
 * process. The key comes from Node's native RSA generator (node-forge's is
 * seconds slower); node-forge only builds and signs the certificate. Clients
 * trust it through the kubeconfig's `certificate-authority-data`.
 */
export function selfSignedCertificate(): ServingCertificate {
  if (cached) return cached;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = `01${Date.now().toString(16)}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600_000);
  const subject = [
    { name: 'commonName', value: 'cluster-sim' },
    { name: 'organizationName', value: 'AI Platform Portal' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true },
    {
      name: 'keyUsage',
      keyCertSign: true,
      digitalSignature: true,
      keyEncipherment: true,
    },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 7, ip: '127.0.0.1' },
        { type: 2, value: 'localhost' },
      ],
    },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  cached = { key: privateKey, cert: forge.pki.certificateToPem(cert) };
  return cached;
}
