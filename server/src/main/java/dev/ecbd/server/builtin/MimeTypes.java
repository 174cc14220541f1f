package dev.ecbd.server.builtin;

import java.util.Locale;
import java.util.Map;

/** Content types by file-name extension; {@code application/octet-stream} for the rest. */
final class MimeTypes
{
    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
        Map.entry("html", "text/html; charset=utf-8"),
        Map.entry("htm", "text/html; charset=utf-8"),
        Map.entry("css", "text/css; charset=utf-8"),
        Map.entry("js", "text/javascript; charset=utf-8"),
        Map.entry("mjs", "text/javascript; charset=utf-8"),
        Map.entry("json", "application/json"),
        Map.entry("txt", "text/plain; charset=utf-8"),
        Map.entry("md", "text/markdown; charset=utf-8"),
        Map.entry("csv", "text/csv; charset=utf-8"),
        Map.entry("xml", "application/xml"),
        Map.entry("svg", "image/svg+xml"),
        Map.entry("png", "image/png"),
        Map.entry("jpg", "image/jpeg"),
        Map.entry("jpeg", "image/jpeg"),
        Map.entry("gif", "image/gif"),
        Map.entry("webp", "image/webp"),
        Map.entry("avif", "image/avif"),
        Map.entry("ico", "image/x-icon"),
        Map.entry("woff", "font/woff"),
        Map.entry("woff2", "font/woff2"),
        Map.entry("wasm", "application/wasm"),
        Map.entry("pdf", "application/pdf"),
        Map.entry("zip", "application/zip"),
        Map.entry("gz", "application/gzip"),
        Map.entry("mp4", "video/mp4"),
        Map.entry("webm", "video/webm"),
        Map.entry("mp3", "audio/mpeg"));

    private MimeTypes()
    {
    }

    static String forFileName(final String fileName)
    {
        final int dot = fileName.lastIndexOf('.');
        if (dot < 0)
        {
            return "application/octet-stream";
        }
        return BY_EXTENSION.getOrDefault(fileName.substring(dot + 1).toLowerCase(Locale.ROOT), "application/octet-stream");
    }
}
