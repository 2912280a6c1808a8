package io.copas.smtp;

import io.copas.tls.TlsParameters;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * (A copy of io.copas.tls' test utility.) Test certificates made at test time, like upstream's A/B test certificates: two independent
 * roots, and under each a server and a client certificate; plus an expired server certificate
 * under A. Nothing is written to the source tree.
 */
final class TestPki {

    /** A key and its certificate, signed by {@code issuer} (itself for a root). */
    record Identity(PrivateKey key, X509Certificate certificate, X509Certificate issuer) {

        X509Certificate[] chain() {
            return new X509Certificate[] {certificate, issuer};
        }

        String subject() {
            return certificate.getSubjectX500Principal().getName();
        }
    }

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** Made on first use, once per JVM (class initialisation is the lock). */
    private static final class Holder {
        static final TestPki INSTANCE;

        static {
            try {
                INSTANCE = new TestPki();
            } catch (Exception e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    final Identity rootA;
    final Identity rootB;
    final Identity serverA;
    final Identity clientA;
    final Identity serverB;
    final Identity clientB;
    final Identity expiredServerA;

    private TestPki() throws GeneralSecurityException, OperatorCreationException, IOException {
        Instant now = Instant.now();
        Instant from = now.minus(Duration.ofDays(1));
        Instant until = now.plus(Duration.ofDays(2));
        rootA = root("CN=Copas Test Root A", from, until);
        rootB = root("CN=Copas Test Root B", from, until);
        serverA = leaf(rootA, "CN=server A", true, from, until, "localhost", "a.test");
        clientA = leaf(rootA, "CN=client A", false, from, until);
        serverB = leaf(rootB, "CN=server B", true, from, until, "localhost", "b.test");
        clientB = leaf(rootB, "CN=client B", false, from, until);
        expiredServerA = leaf(rootA, "CN=expired server A", true, now.minus(Duration.ofDays(10)),
                now.minus(Duration.ofDays(1)), "localhost", "a.test");
    }

    /** The shared test PKI, made once per JVM (EC P-256 keys: fast). */
    static TestPki get() {
        return Holder.INSTANCE;
    }

    /** Server parameters with {@code identity}, trusting {@code trusted} for client certificates. */
    static TlsParameters.Builder server(Identity identity, X509Certificate... trusted) {
        TlsParameters.Builder b = TlsParameters.builder().identity(identity.key(), identity.chain());
        return trusted.length == 0 ? b : b.trustCertificates(trusted);
    }

    /** Client parameters trusting {@code trusted}, sending {@code localhost} as server name. */
    static TlsParameters.Builder client(X509Certificate... trusted) {
        return TlsParameters.builder().trustCertificates(trusted).serverName("localhost");
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static Identity root(String dn, Instant from, Instant until)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        KeyPair kp = keyPair();
        X500Name name = new X500Name(dn);
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(from), Date.from(until), name, kp.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(kp.getPublic()));
        X509Certificate cert = sign(b, kp.getPrivate());
        return new Identity(kp.getPrivate(), cert, cert);
    }

    private static Identity leaf(Identity issuer, String dn, boolean server, Instant from, Instant until, String... dnsNames)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        KeyPair kp = keyPair();
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer.certificate(),
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(from), Date.from(until), new X500Name(dn), kp.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth))
                .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(kp.getPublic()))
                .addExtension(Extension.authorityKeyIdentifier, false,
                        utils.createAuthorityKeyIdentifier(issuer.certificate()));
        if (server) {
            GeneralName[] names = new GeneralName[dnsNames.length + 1];
            for (int i = 0; i < dnsNames.length; i++) {
                names[i] = new GeneralName(GeneralName.dNSName, dnsNames[i]);
            }
            names[dnsNames.length] = new GeneralName(GeneralName.iPAddress, "127.0.0.1");
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        }
        return new Identity(kp.getPrivate(), sign(b, issuer.key()), issuer.certificate());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer)
            throws GeneralSecurityException, OperatorCreationException {
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    }

    // ---------------------------------------------------------------- PEM files for openssl

    /** Writes the certificate (with its issuer) to {@code dir/name.pem} and the key to {@code dir/name.key}. */
    static void writePem(Identity id, Path dir, String name) throws IOException, GeneralSecurityException {
        Files.writeString(dir.resolve(name + ".pem"), pem("CERTIFICATE", id.certificate().getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve(name + ".key"), pem("PRIVATE KEY", id.key().getEncoded()), StandardCharsets.US_ASCII);
    }

    /** Writes a certificate alone to {@code dir/name.pem}. */
    static void writePem(X509Certificate cert, Path dir, String name) throws IOException, GeneralSecurityException {
        Files.writeString(dir.resolve(name + ".pem"), pem("CERTIFICATE", cert.getEncoded()), StandardCharsets.US_ASCII);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
