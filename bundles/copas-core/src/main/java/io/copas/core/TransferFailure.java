package io.copas.core;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What a failed socket operation managed to transfer before it failed: Copas returns the
 * partial data of a receive, or the last index of a send, next to its {@code nil, err}.
 */
@ProviderType
public interface TransferFailure {

    /**
     * The bytes received before the failure (empty for a send).
     *
     * @return a copy-free view owned by the caller
     */
    byte[] partialData();

    /**
     * For a send: the index (exclusive) up to which the data was sent; for a receive, -1.
     *
     * @return the last index sent
     */
    int lastIndex();
}
