package dev.ecbd.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The head parser as a pure function over bytes: every RFC 9112 rule it implements, as a table. */
class RequestHeadParserTest
{
    private static final int MAX_HEAD = 1024;
    private static final int MAX_URI = 64;
    private static final int MAX_HEADERS = 8;

    /** What parsing a head gave: 0 and the head, or the status refused with and why. */
    private record Outcome(int status, String reason, RequestHead head)
    {
    }

    private static Outcome parse(final String text)
    {
        final ByteBuf bytes = Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.ISO_8859_1));
        final RequestHeadParser parser = new RequestHeadParser(MAX_HEAD, MAX_URI);
        final RequestHead head = new RequestHead(MAX_HEADERS);
        final int length = parser.findHeadEnd(bytes, 0, bytes.writerIndex());
        if (length == RequestHeadParser.NEED_MORE)
        {
            return new Outcome(-1, "need more", null);
        }
        final int status = length == RequestHeadParser.INVALID ? parser.errorStatus() : parser.parse(bytes, 0, length, head);
        head.bytes(bytes);
        return new Outcome(status, status == 0 ? null : parser.errorReason(), head);
    }

    static Stream<Arguments> refused()
    {
        final String host = "Host: example\r\n";
        return Stream.of(
            // RFC 9112 §2.2: lines end with CRLF; a bare LF or CR is not a line end here.
            arguments("bare LF", "GET / HTTP/1.1\nHost: a\n\n", 400, "bare LF"),
            arguments("bare LF after a field", "GET / HTTP/1.1\r\nHost: a\n\r\n", 400, "bare LF"),
            // RFC 9112 §3: request-line = method SP request-target SP HTTP-version.
            arguments("method with a delimiter", "G(T / HTTP/1.1\r\n" + host + "\r\n", 400, "bad method"),
            arguments("no target", "GET  HTTP/1.1\r\n" + host + "\r\n", 400, "bad target"),
            arguments("two spaces in the line", "GET /a b HTTP/1.1\r\n" + host + "\r\n", 400, "bad version"),
            arguments("DEL in the target", "GET /a\u007f HTTP/1.1\r\n" + host + "\r\n", 400, "not allowed"),
            arguments("lower-case version", "GET / http/1.1\r\n" + host + "\r\n", 400, "bad version"),
            arguments("version with a suffix", "GET / HTTP/1.1x\r\n" + host + "\r\n", 400, "bad version"),
            // RFC 9110 §6.2: a version the server does not implement.
            arguments("HTTP/2.0 over HTTP/1 framing", "GET / HTTP/2.0\r\n" + host + "\r\n", 505, "HTTP/1.1 and HTTP/1.0"),
            // RFC 9112 §3.2: origin-form, absolute-form, asterisk-form.
            arguments("relative target", "GET a/b HTTP/1.1\r\n" + host + "\r\n", 400, "must be a path"),
            arguments("absolute target of another scheme", "GET ftp://a/ HTTP/1.1\r\n" + host + "\r\n", 400, "must be a path"),
            arguments("absolute target without a path", "GET http://a HTTP/1.1\r\n" + host + "\r\n", 400, "no path"),
            // RFC 9112 §3: a server answers 414 to a target longer than it will parse.
            arguments("target over the limit", "GET /" + "a".repeat(MAX_URI) + " HTTP/1.1\r\n" + host + "\r\n", 414, "longer than"),
            // RFC 9112 §5.1: no white space between a field name and its colon.
            arguments("space before the colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400, "before the colon"),
            arguments("field without a colon", "GET / HTTP/1.1\r\n" + host + "Junk\r\n\r\n", 400, "malformed header field name"),
            // RFC 9112 §5.2: obsolete line folding is refused.
            arguments("obsolete line folding", "GET / HTTP/1.1\r\n" + host + "X: a\r\n  b\r\n\r\n", 400, "folding"),
            // RFC 9110 §5.5: control bytes are not field content.
            arguments("control byte in a value", "GET / HTTP/1.1\r\n" + host + "X: a\u0001b\r\n\r\n", 400, "control byte"),
            // RFC 6585 §5: too many fields.
            arguments("too many fields", "GET / HTTP/1.1\r\n" + host + "X: 1\r\n".repeat(MAX_HEADERS) + "\r\n", 431, "header fields"),
            // RFC 9112 §6.3: framing that could smuggle a request.
            arguments("Content-Length and Transfer-Encoding", "POST / HTTP/1.1\r\n" + host + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400,
                "both Content-Length and Transfer-Encoding"),
            arguments("two Content-Lengths", "POST / HTTP/1.1\r\n" + host + "Content-Length: 3\r\nContent-Length: 3\r\n\r\n", 400, "more than one Content-Length"),
            arguments("Content-Length with a sign", "POST / HTTP/1.1\r\n" + host + "Content-Length: +3\r\n\r\n", 400, "malformed Content-Length"),
            arguments("empty Content-Length", "POST / HTTP/1.1\r\n" + host + "Content-Length:\r\n\r\n", 400, "malformed Content-Length"),
            arguments("Content-Length of 19 digits", "POST / HTTP/1.1\r\n" + host + "Content-Length: 1234567890123456789\r\n\r\n", 400, "malformed Content-Length"),
            // RFC 9112 §6.3 (4), §7: chunked must be the final coding, and applied once; else the length is unknown.
            arguments("chunked twice over two lines", "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 400,
                "appear once"),
            arguments("chunked twice in one list", "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked, chunked\r\n\r\n", 400, "appear once"),
            arguments("chunked not last", "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked, gzip\r\n\r\n", 400, "last transfer coding"),
            arguments("a coding without chunked", "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: gzip\r\n\r\n", 400, "last transfer coding"),
            arguments("an empty Transfer-Encoding", "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding:\r\n\r\n", 400, "not a list of codings"),
            arguments("a list of empty elements", "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: , ,\r\n\r\n", 400, "not a list of codings"),
            arguments("a coding that is no token", "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: g(z), chunked\r\n\r\n", 400, "not a list"),
            arguments("chunked with a parameter", "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked;q=1\r\n\r\n", 400, "not a list"),
            // RFC 9112 §6.1: Transfer-Encoding in HTTP/1.0 means the framing is faulty.
            arguments("Transfer-Encoding in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400, "HTTP/1.0"),
            arguments("an unknown coding before chunked in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 400, "HTTP/1.0"),
            // RFC 9112 §6.1: a coding the server does not know, before chunked, is not implemented.
            arguments("an unknown coding before chunked", "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: gzip, chunked\r\n\r\n", 501,
                "only transfer coding"),
            // RFC 9112 §3.2, RFC 3986 §3.2.2: Host is uri-host [ ":" port ]: no user info, no path, a numeric port.
            arguments("Host with user info", "GET / HTTP/1.1\r\nHost: u@a\r\n\r\n", 400, "Host is not"),
            arguments("Host with a path", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", 400, "Host is not"),
            arguments("Host with a bad port", "GET / HTTP/1.1\r\nHost: a:8x\r\n\r\n", 400, "Host is not"),
            arguments("Host with a long port", "GET / HTTP/1.1\r\nHost: a:123456\r\n\r\n", 400, "Host is not"),
            arguments("Host with only a port", "GET / HTTP/1.1\r\nHost: :80\r\n\r\n", 400, "Host is not"),
            arguments("Host with a bad escape", "GET / HTTP/1.1\r\nHost: a%zz\r\n\r\n", 400, "Host is not"),
            arguments("Host with an unclosed IPv6 literal", "GET / HTTP/1.1\r\nHost: [::1\r\n\r\n", 400, "Host is not"),
            arguments("Host with a space", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400, "Host is not"),
            // RFC 9112 §3.2: a target carries no fragment, and * is the target of OPTIONS only.
            arguments("a target with a fragment", "GET /a#b HTTP/1.1\r\n" + host + "\r\n", 400, "fragment"),
            arguments("* on GET", "GET * HTTP/1.1\r\n" + host + "\r\n", 400, "only for OPTIONS"),
            // RFC 9110 §10.1.1: an expectation the server cannot meet.
            arguments("an unknown expectation", "GET / HTTP/1.1\r\n" + host + "Expect: tea\r\n\r\n", 417, "100-continue"),
            // RFC 9112 §3.2: exactly one Host in HTTP/1.1, at most one in HTTP/1.0.
            arguments("HTTP/1.1 without Host", "GET / HTTP/1.1\r\n\r\n", 400, "exactly one Host"),
            arguments("HTTP/1.1 with two Hosts", "GET / HTTP/1.1\r\n" + host + host + "\r\n", 400, "exactly one Host"),
            arguments("HTTP/1.0 with two Hosts", "GET / HTTP/1.0\r\n" + host + host + "\r\n", 400, "exactly one Host"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void shouldRefuseWithTheRfcStatus(final String what, final String head, final int status, final String reason)
    {
        final Outcome outcome = parse(head);
        assertEquals(status, outcome.status(), what);
        assertTrue(outcome.reason().contains(reason), () -> what + ": '" + outcome.reason() + "' should say '" + reason + "'");
    }

    @Test
    void shouldReadTheRequestLineAndTheTarget()
    {
        final RequestHead head = parse("GET /search?q=ecb&x=1 HTTP/1.1\r\nHost: a\r\n\r\n").head();
        assertEquals("GET", head.method());
        assertEquals("/search", head.path());
        assertEquals("q=ecb&x=1", head.query());
        assertEquals("HTTP/1.1", head.protocol());
        assertFalse(head.headMethod);
    }

    @Test
    void shouldTakeThePathOfAnAbsoluteTarget()
    {
        final RequestHead head = parse("GET http://example:8080/a/b?c HTTP/1.1\r\nHost: example\r\n\r\n").head();
        assertEquals("/a/b", head.path());
        assertEquals("c", head.query());
    }

    @Test
    void shouldAcceptTheAsteriskForm()
    {
        assertEquals("*", parse("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n").head().path());
    }

    @Test
    void shouldTrimOptionalWhiteSpaceAroundFieldValues()
    {
        final RequestHead head = parse("GET / HTTP/1.1\r\nHost: a\r\nX-Thing: \t value with spaces \t\r\n\r\n").head();
        assertEquals("value with spaces", head.header("x-thing"));
        assertEquals(2, head.headerCount);
        assertEquals("X-Thing", head.headerName(1));
    }

    @Test
    void shouldReadFramingFields()
    {
        final RequestHead length = parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 42\r\n\r\n").head();
        assertEquals(42, length.contentLength);
        assertFalse(length.chunked);
        final RequestHead chunked = parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\nExpect: 100-Continue\r\n\r\n").head();
        assertTrue(chunked.chunked);
        assertTrue(chunked.expectContinue);
        assertEquals(-1, chunked.contentLength);
    }

    @ParameterizedTest
    @ValueSource(strings = {"chunked", " , chunked", "chunked ,", ",,chunked,,", "CHUNKED"})
    void shouldSkipEmptyListElementsOfTransferEncoding(final String value)
    {
        // RFC 9110 §5.6.1: a recipient accepts and ignores empty list elements.
        assertTrue(parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: " + value + "\r\n\r\n").head().chunked, value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "a.example:8080", "10.0.0.1:80", "[::1]", "[2001:db8::1]:443", "a%41b", "a-b_c~d!$&'()*+,;=", "a:"})
    void shouldAcceptEveryFormOfHost(final String host)
    {
        // RFC 9112 §3.2 and RFC 3986 §3.2.2; an empty Host is what a client sends for a target without authority.
        assertEquals(0, parse("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n").status(), host);
    }

    @Test
    void shouldDecideKeepAliveByVersionAndConnection()
    {
        assertTrue(parse("GET / HTTP/1.1\r\nHost: a\r\n\r\n").head().keepAlive());
        assertFalse(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: upgrade, Close\r\n\r\n").head().keepAlive());
        assertFalse(parse("GET / HTTP/1.0\r\n\r\n").head().keepAlive());
        assertTrue(parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").head().keepAlive());
    }

    @Test
    void shouldMarkHeadRequests()
    {
        assertTrue(parse("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n").head().headMethod);
    }

    @Test
    void shouldFindTheEndOfAHeadArrivingByteByByte()
    {
        final byte[] head = "GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        final ByteBuf bytes = Unpooled.wrappedBuffer(head);
        final RequestHeadParser parser = new RequestHeadParser(MAX_HEAD, MAX_URI);
        for (int end = 1; end < head.length; end++)
        {
            assertEquals(RequestHeadParser.NEED_MORE, parser.findHeadEnd(bytes, 0, end), "after " + end + " bytes");
        }
        assertEquals(head.length, parser.findHeadEnd(bytes, 0, head.length));
    }

    @Test
    void shouldRefuseAHeadOverItsLimitBeforeItEnds()
    {
        final String longHead = "GET / HTTP/1.1\r\nHost: a\r\nX: " + "v".repeat(MAX_HEAD) + "\r\n";
        final Outcome outcome = parse(longHead);
        assertEquals(431, outcome.status());
    }

    @Test
    void shouldRefuseARequestLineOverTheUriLimitBeforeItEnds()
    {
        assertEquals(414, parse("GET /" + "a".repeat(MAX_URI + 64)).status());
    }
}
