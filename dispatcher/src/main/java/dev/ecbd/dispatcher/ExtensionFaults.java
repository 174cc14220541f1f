package dev.ecbd.dispatcher;

import dev.ecbd.api.ClientFaultException;
import dev.ecbd.api.ExtensionStatus;

/**
 * Reports what an extension (or its completion callback) did wrong, and settles the request as
 * {@link ExtensionStatus#ERROR}. A {@link ClientFaultException} let through is the client's doing:
 * one line at debug level. Anything else is a fault of the extension: a warning with its stack
 * trace. Stateless; called on the thread that ran the extension.
 */
final class ExtensionFaults
{
    private static final System.Logger LOG = System.getLogger(EcbSession.class.getName());

    private ExtensionFaults()
    {
    }

    /**
     * @param what "extension" or "I/O completion callback".
     * @return {@link ExtensionStatus#ERROR}.
     */
    static ExtensionStatus threw(final String what, final Object culprit, final Throwable ex)
    {
        if (ex instanceof ClientFaultException)
        {
            LOG.log(System.Logger.Level.DEBUG, "{0} {1}: {2}", what, culprit.getClass().getName(), ex.getMessage());
        }
        else
        {
            LOG.log(System.Logger.Level.WARNING, what + " " + culprit.getClass().getName() + " failed; answering 500 and closing the connection", ex);
        }
        return ExtensionStatus.ERROR;
    }

    /** @return {@link ExtensionStatus#ERROR}, for an extension that answered null. */
    static ExtensionStatus noStatus(final Object extension)
    {
        LOG.log(System.Logger.Level.WARNING, "extension {0} returned no status; ending the request as ERROR", extension.getClass().getName());
        return ExtensionStatus.ERROR;
    }

    /** @return {@link ExtensionStatus#ERROR}, for a {@code @NonBlocking} extension that answered PENDING. */
    static ExtensionStatus pendingInline(final Object extension)
    {
        LOG.log(System.Logger.Level.WARNING, "@NonBlocking extension {0} answered PENDING; inline extensions must finish in handle(); answering 500",
            extension.getClass().getName());
        return ExtensionStatus.ERROR;
    }
}
