package io.copas.ftp;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test root and a server certificate for {@code localhost}, 127.0.0.1 and ::1, made at test
 * time (the small sibling of io.copas.tls' TestPki); nothing is written to the source tree.
 */
final class TestCertificates {

    static final char[] PASSWORD = "changeit".toCharArray();
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** Made on first use, once per JVM (class initialisation is the lock). */
    private static final class Holder {
        static final TestCertificates INSTANCE;

        static {
            try {
                INSTANCE = new TestCertificates();
            } catch (Exception e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    final X509Certificate root;
    final PrivateKey serverKey;
    final X509Certificate server;

    private TestCertificates() throws Exception {
        Instant from = Instant.now().minus(Duration.ofDays(1));
        Instant until = Instant.now().plus(Duration.ofDays(2));
        KeyPair rootKeys = keyPair();
        X500Name rootName = new X500Name("CN=Copas FTP Test Root");
        root = sign(new JcaX509v3CertificateBuilder(rootName, serial(), Date.from(from), Date.from(until), rootName,
                rootKeys.getPublic()).addExtension(Extension.basicConstraints, true, new BasicConstraints(true)),
                rootKeys.getPrivate());
        KeyPair serverKeys = keyPair();
        serverKey = serverKeys.getPrivate();
        GeneralNames names = new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
            new GeneralName(GeneralName.iPAddress, "::1")});
        server = sign(new JcaX509v3CertificateBuilder(root, serial(), Date.from(from), Date.from(until),
                new X500Name("CN=ftp server"), serverKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.subjectAlternativeName, false, names), rootKeys.getPrivate());
    }

    static TestCertificates get() {
        return Holder.INSTANCE;
    }

    /** The server's key and chain in an in-memory PKCS#12 store, alias "server", password {@link #PASSWORD}. */
    KeyStore serverKeyStore() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", serverKey, PASSWORD, new X509Certificate[] {server, root});
        return store;
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    }
}
