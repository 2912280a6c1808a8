package io.copas.tls.internal;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Server side SNI: picks the identity registered for the host name the client asked for, else
 * the default one. Aliases are prefixed with the identity's index so that the chain and key
 * lookups reach the right delegate. Strict refusal of unknown names is not done here but by the
 * engine's {@link javax.net.ssl.SNIMatcher}, which answers with an {@code unrecognized_name} alert.
 */
final class SniKeyManager extends X509ExtendedKeyManager {

    private final X509ExtendedKeyManager fallback;
    private final Map<String, X509ExtendedKeyManager> byName;
    private final List<X509ExtendedKeyManager> delegates = new ArrayList<>();

    SniKeyManager(X509ExtendedKeyManager fallback, Map<String, X509ExtendedKeyManager> byName) {
        this.fallback = fallback;
        this.byName = Map.copyOf(byName);
        if (fallback != null) {
            delegates.add(fallback);
        }
        delegates.addAll(byName.values());
    }

    /** The SNI host name the client asked for in {@code handshakeSession}, lower case, or {@code null}. */
    static String requestedName(SSLSession handshakeSession) {
        if (handshakeSession instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name.getType() == StandardConstants.SNI_HOST_NAME) {
                    SNIHostName host = name instanceof SNIHostName h ? h : new SNIHostName(name.getEncoded());
                    return host.getAsciiName().toLowerCase(Locale.ROOT);
                }
            }
        }
        return null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        String name = engine == null ? null : requestedName(engine.getHandshakeSession());
        X509ExtendedKeyManager km = name == null ? fallback : byName.getOrDefault(name, fallback);
        if (km == null) {
            return null;
        }
        return prefixed(km, km.chooseEngineServerAlias(keyType, issuers, engine));
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return fallback == null ? null : prefixed(fallback, fallback.chooseServerAlias(keyType, issuers, socket));
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return fallback == null ? null : prefixed(fallback, fallback.chooseEngineClientAlias(keyType, issuers, engine));
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return fallback == null ? null : prefixed(fallback, fallback.chooseClientAlias(keyType, issuers, socket));
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        List<String> all = new ArrayList<>();
        for (X509ExtendedKeyManager km : delegates) {
            String[] aliases = km.getServerAliases(keyType, issuers);
            if (aliases != null) {
                for (String a : aliases) {
                    all.add(prefixed(km, a));
                }
            }
        }
        return all.isEmpty() ? null : all.toArray(new String[0]);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        if (fallback == null) {
            return null;
        }
        String[] aliases = fallback.getClientAliases(keyType, issuers);
        if (aliases == null) {
            return null;
        }
        String[] out = new String[aliases.length];
        for (int i = 0; i < aliases.length; i++) {
            out[i] = prefixed(fallback, aliases[i]);
        }
        return out;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        X509ExtendedKeyManager km = delegate(alias);
        return km == null ? null : km.getCertificateChain(unprefixed(alias));
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        X509ExtendedKeyManager km = delegate(alias);
        return km == null ? null : km.getPrivateKey(unprefixed(alias));
    }

    private String prefixed(X509ExtendedKeyManager km, String alias) {
        return alias == null ? null : delegates.indexOf(km) + ":" + alias;
    }

    private X509ExtendedKeyManager delegate(String alias) {
        int colon = alias == null ? -1 : alias.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        try {
            int index = Integer.parseInt(alias.substring(0, colon));
            return index < delegates.size() ? delegates.get(index) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String unprefixed(String alias) {
        return alias.substring(alias.indexOf(':') + 1);
    }
}
