package dev.ecbd.dispatcher;

import dev.ecbd.api.RequestView;

/**
 * An extension that can tell, from memory alone, that it will serve a request without blocking (a
 * file it already holds open, say): the dispatcher then runs that request inline on the admitting
 * I/O thread, as it runs a {@link dev.ecbd.api.NonBlocking} extension's, and queues the others to
 * the worker. For the server's built-in extensions: deployed ones cannot see this package.
 *
 * <p>An inline request is under the {@link dev.ecbd.api.NonBlocking} rules: it finishes inside
 * {@code handle}, or ends with a {@linkplain dev.ecbd.api.FileTransmission#finalSend() final send}.
 */
public interface InlineWhenReady
{
    /**
     * Called on the admitting I/O thread, after the exchange is filled; must not block, allocate
     * beyond the request's own strings, or keep {@code request}.
     *
     * @return whether {@code request} would be served without blocking, as things stand now.
     */
    boolean readyInline(RequestView request);
}
