package dev.ecbd.dispatcher;

/**
 * The transport's side of an admission ({@link Dispatcher#admit}): it puts the request into the
 * exchange of the slot the dispatcher acquired, before the dispatcher resolves and runs it. Called
 * on the admitting I/O thread, during {@code admit}.
 */
public interface RequestIntake
{
    /** Takes the request being admitted into the exchange of {@code slot}, in request order. */
    void fill(int slot);

    /** Takes the request back out of {@code slot}'s exchange: its dispatch was refused after {@link #fill}. */
    void unfill(int slot);
}
