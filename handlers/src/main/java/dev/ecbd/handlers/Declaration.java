package dev.ecbd.handlers;

/**
 * What a handler class declared with {@link AsyncHandler}, read once per class.
 *
 * @param async whether it may answer the flushing async codes.
 * @param explicitCalls whether it may start asynchronous operations and answer the NOFLUSH codes.
 */
record Declaration(boolean async, boolean explicitCalls)
{
    private static final ClassValue<Declaration> BY_CLASS = new ClassValue<>()
    {
        @Override
        protected Declaration computeValue(final Class<?> type)
        {
            final AsyncHandler annotation = type.getAnnotation(AsyncHandler.class);
            return annotation == null ? new Declaration(false, false) : new Declaration(true, annotation.explicitCalls());
        }
    };

    static Declaration of(final Class<?> handlerClass)
    {
        return BY_CLASS.get(handlerClass);
    }
}
