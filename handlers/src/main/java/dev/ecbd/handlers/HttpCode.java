package dev.ecbd.handlers;

/**
 * What a request handler, or a stencil's replacement method, answers (ATL Server's
 * {@code HTTP_CODE}).
 *
 * <ul>
 * <li>{@link #SUCCESS}: done; what was written is flushed and the request ends (in a stencil: go
 * on with the next token).</li>
 * <li>{@link #SUCCESS_ASYNC}: flush what was written, asynchronously, then call again (in a
 * stencil: the same replacement method).</li>
 * <li>{@link #SUCCESS_ASYNC_DONE}: flush asynchronously, then close the connection (in a stencil:
 * then go on with the next token).</li>
 * <li>{@link #SUCCESS_ASYNC_NOFLUSH}: the handler started an asynchronous operation itself; call
 * again when it completes (in a stencil: the same method).</li>
 * <li>{@link #SUCCESS_ASYNC_NOFLUSH_DONE}: as above, then close the connection (in a stencil: then
 * go on with the next token).</li>
 * <li>{@link #S_FALSE}: a conditional method's "false"; elsewhere the same as SUCCESS.</li>
 * <li>{@link #error(int)}: an HTTP error response, 400 to 599, if nothing has been flushed yet;
 * else the connection is closed.</li>
 * </ul>
 * Async codes need a declaration: {@link AsyncHandler} for the flushing ones,
 * {@code @AsyncHandler(explicitCalls = true)} for the NOFLUSH ones.
 */
public final class HttpCode
{
    /** The kinds of code. */
    public enum Kind
    {
        SUCCESS, ASYNC, ASYNC_DONE, ASYNC_NOFLUSH, ASYNC_NOFLUSH_DONE, FALSE, ERROR
    }

    public static final HttpCode SUCCESS = new HttpCode(Kind.SUCCESS, 200, "SUCCESS");
    public static final HttpCode SUCCESS_ASYNC = new HttpCode(Kind.ASYNC, 200, "SUCCESS_ASYNC");
    public static final HttpCode SUCCESS_ASYNC_DONE = new HttpCode(Kind.ASYNC_DONE, 200, "SUCCESS_ASYNC_DONE");
    public static final HttpCode SUCCESS_ASYNC_NOFLUSH = new HttpCode(Kind.ASYNC_NOFLUSH, 200, "SUCCESS_ASYNC_NOFLUSH");
    public static final HttpCode SUCCESS_ASYNC_NOFLUSH_DONE = new HttpCode(Kind.ASYNC_NOFLUSH_DONE, 200, "SUCCESS_ASYNC_NOFLUSH_DONE");
    public static final HttpCode S_FALSE = new HttpCode(Kind.FALSE, 200, "S_FALSE");

    private static final HttpCode[] ERRORS = new HttpCode[200];

    static
    {
        for (int status = 400; status < 600; status++)
        {
            ERRORS[status - 400] = new HttpCode(Kind.ERROR, status, "error(" + status + ")");
        }
    }

    public static final HttpCode BAD_REQUEST = error(400);
    public static final HttpCode FORBIDDEN = error(403);
    public static final HttpCode NOT_FOUND = error(404);
    public static final HttpCode FAIL = error(500);
    public static final HttpCode UNAVAILABLE = error(503);

    private final Kind kind;
    private final int status;
    private final String name;

    private HttpCode(final Kind kind, final int status, final String name)
    {
        this.kind = kind;
        this.status = status;
        this.name = name;
    }

    /** @return the code for an HTTP error response; one shared instance per status. */
    public static HttpCode error(final int status)
    {
        if (status < 400 || status > 599)
        {
            throw new IllegalArgumentException("an error code needs a status from 400 to 599: " + status);
        }
        return ERRORS[status - 400];
    }

    public Kind kind()
    {
        return kind;
    }

    /** @return the HTTP status an error code answers; 200 for the others. */
    public int status()
    {
        return status;
    }

    /** @return whether this is one of the four async codes. */
    public boolean isAsync()
    {
        return kind == Kind.ASYNC || kind == Kind.ASYNC_DONE || kind == Kind.ASYNC_NOFLUSH || kind == Kind.ASYNC_NOFLUSH_DONE;
    }

    @Override
    public String toString()
    {
        return name;
    }
}
