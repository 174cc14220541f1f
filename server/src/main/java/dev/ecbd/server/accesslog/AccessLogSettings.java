package dev.ecbd.server.accesslog;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how the access log is written.
 *
 * @param file the file to append to; null for standard output.
 * @param format the lines' format.
 * @param bufferBytes the capacity of the ring between responses and the log's thread: a power of
 *        two, at least 64 KiB; records that find it full are dropped and counted.
 */
public record AccessLogSettings(Path file, AccessLogFormat format, int bufferBytes)
{
    public AccessLogSettings
    {
        Objects.requireNonNull(format, "format");
    }

    /** Starts the log these settings describe. */
    public AccessLog start()
    {
        return AccessLog.start(file, format, bufferBytes);
    }
}
