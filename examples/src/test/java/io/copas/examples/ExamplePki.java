package io.copas.examples;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
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
 * A root and a server certificate for {@code localhost} and 127.0.0.1, made when the test runs
 * (EC P-256, valid for a day): nothing secret is committed.
 */
record ExamplePki(X509Certificate root, PrivateKey serverKey, X509Certificate server) {

    static ExamplePki create() throws Exception {
        KeyPair rootKeys = keys();
        KeyPair serverKeys = keys();
        X500Name rootName = new X500Name("CN=Copas Examples Root");
        X509Certificate root = sign(new JcaX509v3CertificateBuilder(rootName, BigInteger.ONE, from(), until(),
                rootName, rootKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true)), rootKeys.getPrivate());
        X509Certificate server = sign(new JcaX509v3CertificateBuilder(rootName, BigInteger.TWO, from(), until(),
                new X500Name("CN=localhost"), serverKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")})), rootKeys.getPrivate());
        return new ExamplePki(root, serverKeys.getPrivate(), server);
    }

    private static KeyPair keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static Date from() {
        return Date.from(Instant.now().minus(Duration.ofHours(1)));
    }

    private static Date until() {
        return Date.from(Instant.now().plus(Duration.ofDays(1)));
    }

    private static X509Certificate sign(X509v3CertificateBuilder certificate, PrivateKey issuerKey) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                certificate.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }
}
