package io.copas.sync.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A future that only its owner completes ({@link #settle}, {@link #fail}): others may wait on it,
 * chain on it and read it, but completing, cancelling, obtruding and the timeouts that complete
 * it are refused; {@link #toCompletableFuture()} gives them a copy of their own for that. Unlike
 * {@link CompletableFuture#minimalCompletionStage()}, which is a copy and so sees a failure
 * wrapped in a {@link java.util.concurrent.CompletionException}, it holds the failure itself: {@code isCancelled()} is true for a cancellation, {@code get()} throws it, and
 * {@code handle}/{@code exceptionally} receive it unwrapped.
 *
 * @param <T> the result type
 */
public final class OwnerCompletedFuture<T> extends CompletableFuture<T> {

    /**
     * Completes it with a value (owner only).
     *
     * @param value the value
     * @return {@code true} if this call completed it
     */
    public boolean settle(T value) {
        return super.complete(value);
    }

    /**
     * Completes it with a failure (owner only).
     *
     * @param error the failure, a {@link java.util.concurrent.CancellationException} for a cancellation
     * @return {@code true} if this call completed it
     */
    public boolean fail(Throwable error) {
        return super.completeExceptionally(error);
    }

    @Override
    public boolean complete(T value) {
        throw refused();
    }

    @Override
    public boolean completeExceptionally(Throwable error) {
        throw refused();
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        throw refused();
    }

    @Override
    public void obtrudeValue(T value) {
        throw refused();
    }

    @Override
    public void obtrudeException(Throwable error) {
        throw refused();
    }

    @Override
    public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier, Executor executor) {
        throw refused();
    }

    @Override
    public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier) {
        throw refused();
    }

    @Override
    public CompletableFuture<T> orTimeout(long timeout, TimeUnit unit) {
        throw refused();
    }

    @Override
    public CompletableFuture<T> completeOnTimeout(T value, long timeout, TimeUnit unit) {
        throw refused();
    }

    /**
     * A new plain future completed as this one is, with the same value or the same exception
     * (not wrapped): as {@link CompletableFuture#minimalCompletionStage()}'s, its holder may
     * complete it, cancel it or time it out ({@code orTimeout}) without touching this one.
     *
     * @return the copy
     */
    @Override
    public CompletableFuture<T> toCompletableFuture() {
        CompletableFuture<T> copy = new CompletableFuture<>();
        whenComplete((value, error) -> {
            if (error != null) {
                copy.completeExceptionally(error);
            } else {
                copy.complete(value);
            }
        });
        return copy;
    }

    /** Dependent stages are plain futures: their callers may complete them as they like. */
    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }

    private static UnsupportedOperationException refused() {
        return new UnsupportedOperationException("only its owner completes this future");
    }
}
