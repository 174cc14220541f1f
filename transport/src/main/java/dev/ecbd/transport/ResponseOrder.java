package dev.ecbd.transport;

import io.netty.util.ReferenceCountUtil;

/**
 * Keeps one connection's responses in request order (HTTP/1.1 pipelining): the requests in flight
 * sit in a ring in arrival order, and only the oldest writes to the socket; a later one that
 * produces output first holds it ({@link ExchangeInFlight#hold}) until every earlier one is done.
 * Owned by the connection's I/O thread.
 */
final class ResponseOrder
{
    private final HttpConnection connection;
    private final OutboundWriter writer;
    private final InFlight[] ring;
    /** Output the responses of one connection may hold ahead of their turn, together, before it is deemed stuck and closed. */
    private final int maxHeldBytes;
    private final Object[] batch = new Object[3];
    private int head;
    private int count;
    /** Bytes held by the responses waiting behind the oldest. */
    private long heldBytes;
    /** False once the connection has gone: later output is dropped. */
    private boolean open = true;

    ResponseOrder(final HttpConnection connection, final OutboundWriter writer, final int maxInFlight, final int maxHeldBytes)
    {
        this.connection = connection;
        this.writer = writer;
        this.ring = new InFlight[maxInFlight];
        this.maxHeldBytes = maxHeldBytes;
    }

    boolean isEmpty()
    {
        return count == 0;
    }

    /** @return whether another request may be taken in. */
    boolean hasRoom()
    {
        return count < ring.length;
    }

    void add(final InFlight entry)
    {
        ring[(head + count) % ring.length] = entry;
        count++;
    }

    /** Takes back the newest entry: its dispatch was refused. */
    void removeNewest()
    {
        count--;
        ring[(head + count) % ring.length] = null;
    }

    /** Sends a response of the server's own now, or queues it behind the responses in flight. */
    void respondOwn(final InFlight.OwnResponse response)
    {
        if (count == 0)
        {
            writer.write(response.bytes());
            if (response.close())
            {
                connection.closeAfterFlush();
            }
        }
        else
        {
            add(response);
        }
    }

    /** Asks every request in flight to close the connection after its response (drain). */
    void requestClose()
    {
        for (int i = 0; i < count; i++)
        {
            if (ring[(head + i) % ring.length] instanceof ExchangeInFlight exchange)
            {
                exchange.handoff().svCloseRequested();
            }
        }
    }

    /**
     * Takes an output batch the worker posted: writes it if its request is the oldest, else holds
     * it; acknowledges it unless the worker must wait for the socket.
     *
     * @param inline whether the request runs inline on this thread, so that it may not wait.
     */
    void onOutput(final ExchangeInFlight exchange, final boolean inline)
    {
        final Handoff handoff = exchange.handoff();
        handoff.takeMessages(batch);
        final boolean last = handoff.lpLast();
        final boolean close = handoff.lpClose();
        final boolean async = exchange.takeAsync();
        if (!open)
        {
            for (int i = 0; i < batch.length; i++)
            {
                ReferenceCountUtil.release(batch[i]);
                batch[i] = null;
            }
            if (async)
            {
                exchange.failAsync();
            }
            settle(exchange, last);
        }
        else if (count > 0 && ring[head] == exchange)
        {
            for (int i = 0; i < batch.length; i++)
            {
                writer.write(batch[i]);
                batch[i] = null;
            }
            if (async)
            {
                exchange.writeCompletion(writer);
            }
            if (last)
            {
                completeOldest(close);
            }
            else if (async || inline || writer.writable())
            {
                // NOTE: an inline batch never waits: only this thread could drain the socket.
                handoff.ackOutput();
            }
            else
            {
                writer.stall(exchange);
            }
        }
        else
        {
            final int heldBefore = exchange.heldBytes();
            for (int i = 0; i < batch.length; i++)
            {
                exchange.hold(batch[i]);
                batch[i] = null;
            }
            heldBytes += exchange.heldBytes() - heldBefore;
            if (async)
            {
                exchange.holdCompletion();
            }
            if (last)
            {
                exchange.holdFinal(close);
            }
            else
            {
                handoff.ackOutput();
            }
            if (heldBytes > maxHeldBytes)
            {
                // NOTE: a pipelined response this far ahead of its turn means a stuck earlier one.
                connection.abort();
            }
        }
    }

    /** Ends a batch for a closed connection: recycles after the last, else lets the worker go on. */
    private void settle(final ExchangeInFlight exchange, final boolean last)
    {
        if (last)
        {
            connection.recycle(exchange);
        }
        else
        {
            exchange.handoff().ackOutput();
        }
    }

    /** The oldest request's response is complete: recycle it and let the ones behind it out. */
    private void completeOldest(final boolean close)
    {
        connection.recycle((ExchangeInFlight)poll());
        if (close)
        {
            connection.closeAfterFlush();
            return;
        }
        while (count > 0)
        {
            switch (ring[head])
            {
                case InFlight.OwnResponse own ->
                {
                    poll();
                    writer.write(own.bytes());
                    if (own.close())
                    {
                        connection.closeAfterFlush();
                        return;
                    }
                }
                case ExchangeInFlight exchange ->
                {
                    heldBytes -= exchange.heldBytes();
                    exchange.writeHeld(writer);
                    if (!exchange.heldFinal())
                    {
                        connection.afterResponses();
                        return;
                    }
                    poll();
                    final boolean closeAfterIt = exchange.heldClose();
                    connection.recycle(exchange);
                    if (closeAfterIt)
                    {
                        connection.closeAfterFlush();
                        return;
                    }
                }
            }
        }
        connection.afterResponses();
    }

    /**
     * Fails everything in flight: the connection has gone. Own responses are released; each
     * exchange learns its connection is lost, and one whose last batch was held is recycled. Output
     * that arrives later is dropped.
     */
    void connectionLost()
    {
        open = false;
        heldBytes = 0;
        while (count > 0)
        {
            switch (poll())
            {
                case InFlight.OwnResponse own -> own.bytes().release();
                case ExchangeInFlight exchange ->
                {
                    exchange.handoff().svConnectionLost();
                    exchange.releaseHeld(true);
                    if (exchange.heldFinal())
                    {
                        connection.recycle(exchange);
                    }
                }
            }
        }
    }

    private InFlight poll()
    {
        final InFlight entry = ring[head];
        ring[head] = null;
        head = (head + 1) % ring.length;
        count--;
        return entry;
    }
}
