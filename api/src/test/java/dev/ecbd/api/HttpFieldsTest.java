package dev.ecbd.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP field rules shared by the server and extensions (RFC 9110 §5.5, §5.6.7, §15). */
class HttpFieldsTest
{
    /** RFC 9110 §5.6.7's example instant: Sun, 06 Nov 1994 08:49:37 GMT. */
    private static final long EXAMPLE = 784111777L;

    @Test
    void shouldFormatImfFixdateWithTwoDigitDays()
    {
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpFields.formatDate(EXAMPLE));
        assertEquals("Sun, 01 Nov 2026 00:00:00 GMT", HttpFields.formatDate(1793491200L));
    }

    @Test
    void shouldReadAllThreeDateForms()
    {
        assertEquals(EXAMPLE, HttpFields.parseDate("Sun, 06 Nov 1994 08:49:37 GMT"));
        assertEquals(EXAMPLE, HttpFields.parseDate("Sunday, 06-Nov-94 08:49:37 GMT"));
        assertEquals(EXAMPLE, HttpFields.parseDate("Sun Nov  6 08:49:37 1994"));
        assertEquals(EXAMPLE, HttpFields.parseDate("  Sun, 06 Nov 1994 08:49:37 GMT "));
    }

    @Test
    void shouldAnswerMinusOneForWhatIsNoHttpDate()
    {
        assertEquals(-1, HttpFields.parseDate("yesterday"));
        assertEquals(-1, HttpFields.parseDate("Sun, 6 Nov 1994 08:49:37 GMT"));
        assertEquals(-1, HttpFields.parseDate("1994-11-06T08:49:37Z"));
        assertEquals(-1, HttpFields.parseDate(""));
    }

    @Test
    void shouldAcceptOnlyFinalResponseStatuses()
    {
        assertEquals(200, HttpFields.requireResponseStatus(200));
        assertEquals(599, HttpFields.requireResponseStatus(599));
        assertThrows(IllegalArgumentException.class, () -> HttpFields.requireResponseStatus(199));
        assertThrows(IllegalArgumentException.class, () -> HttpFields.requireResponseStatus(600));
    }

    @Test
    void shouldAllowTabSpaceVisibleAndObsoleteTextInFieldValues()
    {
        assertTrue(HttpFields.isFieldValueChar('\t'));
        assertTrue(HttpFields.isFieldValueChar(' '));
        assertTrue(HttpFields.isFieldValueChar('~'));
        assertTrue(HttpFields.isFieldValueChar(0xE9));
        assertFalse(HttpFields.isFieldValueChar('\r'));
        assertFalse(HttpFields.isFieldValueChar('\n'));
        assertFalse(HttpFields.isFieldValueChar(0x7F));
        assertFalse(HttpFields.isFieldValueChar(0x100));
        final String value = "text/plain; charset=utf-8";
        assertSame(value, HttpFields.requireFieldValue(value));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> HttpFields.requireFieldValue("a\r\nX-Injected: 1"));
        assertTrue(ex.getMessage().contains("offset 1"), ex.getMessage());
    }
}
