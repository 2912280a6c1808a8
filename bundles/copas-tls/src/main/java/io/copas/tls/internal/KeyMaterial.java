package io.copas.tls.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;

/** Turns keys, certificates and stores into JSSE key and trust managers and contexts. */
public final class KeyMaterial {

    private static final char[] IN_MEMORY_PASSWORD = "copas".toCharArray();

    private KeyMaterial() {
    }

    /**
     * A key manager over the private key entries of {@code store}.
     *
     * @param store    the key store
     * @param password the key password
     * @param argument the argument's name, for errors
     * @return the key manager
     */
    public static X509ExtendedKeyManager keyManager(KeyStore store, char[] password, String argument) {
        try {
            checkKeysReadable(store, password, argument);
            KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX");
            factory.init(store, password);
            for (KeyManager km : factory.getKeyManagers()) {
                if (km instanceof X509ExtendedKeyManager x) {
                    return x;
                }
            }
            throw new IllegalArgumentException(argument + " gave no X.509 key manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(argument + " cannot be used: " + e.getMessage(), e);
        }
    }

    /**
     * Fails unless {@code store} holds a private key entry and {@code password} opens every one
     * (stricter than the JDK's key manager, which reads a key only when a handshake needs it, so
     * that a wrong password failed every handshake instead of the call that gave it).
     */
    private static void checkKeysReadable(KeyStore store, char[] password, String argument)
            throws GeneralSecurityException {
        boolean any = false;
        for (String alias : java.util.Collections.list(store.aliases())) {
            if (store.entryInstanceOf(alias, KeyStore.PrivateKeyEntry.class)) {
                try {
                    store.getKey(alias, password);
                } catch (java.security.UnrecoverableKeyException e) {
                    throw new IllegalArgumentException(argument + " cannot be used: the password does not open the key '"
                            + alias + "' (" + e.getMessage() + ")", e);
                }
                any = true;
            }
        }
        if (!any) {
            throw new IllegalArgumentException(argument + " holds no private key entry");
        }
    }

    /**
     * A key manager for one key and its chain.
     *
     * @param key      the private key
     * @param chain    the chain, own certificate first
     * @param argument the chain argument's name, for errors
     * @return the key manager
     */
    public static X509ExtendedKeyManager keyManager(PrivateKey key, X509Certificate[] chain, String argument) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(chain, argument);
        if (chain.length == 0) {
            throw new IllegalArgumentException(argument + " must hold at least the own certificate");
        }
        checkMatches(key, chain[0], argument);
        try {
            KeyStore store = emptyStore();
            store.setKeyEntry("identity", key, IN_MEMORY_PASSWORD, chain);
            return keyManager(store, IN_MEMORY_PASSWORD, argument);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(argument + " does not match the key: " + e.getMessage(), e);
        }
    }

    /**
     * A store holding {@code certificates} as trusted entries.
     *
     * @param certificates the certificates
     * @param argument     the argument's name, for errors
     * @return the store
     */
    public static KeyStore trustStore(X509Certificate[] certificates, String argument) {
        Objects.requireNonNull(certificates, argument);
        if (certificates.length == 0) {
            throw new IllegalArgumentException(argument + " must not be empty");
        }
        try {
            KeyStore store = emptyStore();
            for (int i = 0; i < certificates.length; i++) {
                store.setCertificateEntry("trusted-" + i, Objects.requireNonNull(certificates[i], argument + "[" + i + "]"));
            }
            return store;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(argument + " cannot be stored: " + e.getMessage(), e);
        }
    }

    /**
     * The PKIX trust manager over {@code store}, or over the JDK's default trust store.
     *
     * @param store the store, or {@code null}
     * @return the trust manager
     */
    public static X509TrustManager trustManager(KeyStore store) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            for (TrustManager tm : factory.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("the JDK has no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("trustStore cannot be used: " + e.getMessage(), e);
        }
    }

    /**
     * A trust manager that accepts every certificate.
     *
     * @return the trust manager
     */
    public static TrustManager trustAll() {
        return new TrustAllManager();
    }

    /**
     * A TLS context with these managers.
     *
     * @param identity      the default identity, or {@code null}
     * @param sniIdentities identities by lower-case SNI host name
     * @param trust         the trust manager
     * @return the context
     */
    public static SSLContext context(X509ExtendedKeyManager identity, Map<String, X509ExtendedKeyManager> sniIdentities,
            TrustManager trust) {
        KeyManager key = sniIdentities.isEmpty() ? identity : new SniKeyManager(identity, sniIdentities);
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(key == null ? null : new KeyManager[] {key}, new TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make a TLS context: " + e.getMessage(), e);
        }
    }

    /** Signs and verifies a probe, so a key that does not belong to the certificate fails here, not in a handshake. */
    private static void checkMatches(PrivateKey key, X509Certificate certificate, String argument) {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> null; // other kinds are left to the handshake
        };
        if (algorithm == null) {
            return;
        }
        byte[] probe = "copas key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        boolean matches;
        try {
            java.security.Signature signer = java.security.Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            java.security.Signature verifier = java.security.Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new IllegalArgumentException(argument + "[0] (" + certificate.getSubjectX500Principal().getName()
                    + ") does not belong to the private key");
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        return store;
    }
}
