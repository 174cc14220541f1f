package dev.ecbd.handlers;

/**
 * A request handler (ATL Server's {@code CRequestHandlerT}): handles a request in
 * {@link #handleRequest}, answering an {@link HttpCode}; async codes make the runtime call it
 * again later for the same request.
 *
 * <p>The runtime creates one handler per request from the factory it was mapped with, so fields
 * may hold that request's state. All calls for one request come from the request's worker thread,
 * one at a time: two calls never overlap, and a handler is never run by two threads at once.
 * Handlers must not keep per-thread services in fields.
 */
@FunctionalInterface
public interface RequestHandler
{
    /**
     * @param context the request, the buffered response, and explicit asynchronous operations.
     * @return what to do next; see {@link HttpCode}.
     * @throws Exception ends the request with a 500 (or a close, once something was flushed).
     */
    HttpCode handleRequest(HandlerContext context) throws Exception;
}
