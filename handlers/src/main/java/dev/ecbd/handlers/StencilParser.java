package dev.ecbd.handlers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses stencil files. Tags are {@code {{name}}}, {@code {{if name}}}, {@code {{else}}},
 * {@code {{endif}}}, {@code {{while name}}}, {@code {{endwhile}}} and {@code {{include file}}}
 * (a path relative to the including file, inside the stencil root). Every error names the file,
 * line and column.
 */
final class StencilParser
{
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Path root;
    private final List<Integer> op = new ArrayList<>();
    private final List<Integer> arg = new ArrayList<>();
    private final List<Integer> jump = new ArrayList<>();
    private final List<String> where = new ArrayList<>();
    private final List<byte[]> texts = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final Set<Path> sources = new LinkedHashSet<>();

    /** An open {@code if} or {@code while}, waiting for its end. */
    private record Open(String keyword, int instruction, String where, boolean sawElse)
    {
    }

    private StencilParser(final Path root)
    {
        this.root = root;
    }

    /** @throws StencilSyntaxException naming file, line and column of the first problem. */
    static Stencil parse(final Path root, final Path file)
    {
        final StencilParser parser = new StencilParser(root);
        parser.parseFile(file, new ArrayDeque<>());
        return new Stencil(ints(parser.op), ints(parser.arg), ints(parser.jump), parser.where.toArray(String[]::new),
            parser.texts.toArray(byte[][]::new), parser.names.toArray(String[]::new), new ArrayList<>(parser.sources));
    }

    private void parseFile(final Path file, final Deque<Path> including)
    {
        final String text;
        try
        {
            text = Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read stencil " + file, ex);
        }
        sources.add(file);
        including.push(file);
        final Deque<Open> open = new ArrayDeque<>();
        int from = 0;
        while (from < text.length())
        {
            final int start = text.indexOf("{{", from);
            if (start < 0)
            {
                emitText(text.substring(from));
                break;
            }
            emitText(text.substring(from, start));
            final String at = position(file, text, start);
            final int end = text.indexOf("}}", start + 2);
            if (end < 0)
            {
                throw new StencilSyntaxException(at, "tag '{{' is never closed by '}}'");
            }
            tag(file, text.substring(start + 2, end).trim(), at, open, including);
            from = end + 2;
        }
        if (!open.isEmpty())
        {
            final Open unclosed = open.peek();
            throw new StencilSyntaxException(unclosed.where(), "{{" + unclosed.keyword() + "}} is never closed by {{end" + unclosed.keyword() + "}}");
        }
        including.pop();
    }

    private void tag(final Path file, final String tag, final String at, final Deque<Open> open, final Deque<Path> including)
    {
        final int space = tag.indexOf(' ');
        final String keyword = space < 0 ? tag : tag.substring(0, space);
        final String operand = space < 0 ? "" : tag.substring(space + 1).trim();
        switch (keyword)
        {
            case "if", "while" ->
            {
                open.push(new Open(keyword, emit(keyword.equals("if") ? Stencil.IF : Stencil.WHILE, name(operand, at, keyword), at), at, false));
            }
            case "else" ->
            {
                final Open top = open.peek();
                if (top == null || !top.keyword().equals("if") || top.sawElse())
                {
                    throw new StencilSyntaxException(at, "{{else}} without an open {{if}}");
                }
                open.pop();
                final int jumpPastEndif = emit(Stencil.JUMP, 0, at);
                jump.set(top.instruction(), op.size());
                open.push(new Open("if", jumpPastEndif, top.where(), true));
            }
            case "endif" ->
            {
                final Open top = open.poll();
                if (top == null || !top.keyword().equals("if"))
                {
                    throw new StencilSyntaxException(at, "{{endif}} without an open {{if}}");
                }
                jump.set(top.instruction(), op.size());
            }
            case "endwhile" ->
            {
                final Open top = open.poll();
                if (top == null || !top.keyword().equals("while"))
                {
                    throw new StencilSyntaxException(at, "{{endwhile}} without an open {{while}}");
                }
                final int back = emit(Stencil.JUMP, 0, at);
                jump.set(back, top.instruction());
                jump.set(top.instruction(), op.size());
            }
            case "include" -> include(file, operand, at, including);
            default ->
            {
                if (!operand.isEmpty() || !NAME.matcher(keyword).matches())
                {
                    throw new StencilSyntaxException(at, "'{{" + tag + "}}' is not a tag: expected {{name}}, {{if name}}, {{else}}, {{endif}}, "
                        + "{{while name}}, {{endwhile}} or {{include file}}");
                }
                emit(Stencil.CALL, name(keyword, at, "replacement"), at);
            }
        }
    }

    private void include(final Path file, final String operand, final String at, final Deque<Path> including)
    {
        if (operand.isEmpty())
        {
            throw new StencilSyntaxException(at, "{{include}} needs a file name");
        }
        final Path target = file.resolveSibling(operand).normalize();
        if (!target.startsWith(root))
        {
            throw new StencilSyntaxException(at, "{{include " + operand + "}} leads outside the stencil root");
        }
        if (including.contains(target))
        {
            throw new StencilSyntaxException(at, "{{include " + operand + "}} includes itself");
        }
        if (!Files.isRegularFile(target))
        {
            throw new StencilSyntaxException(at, "{{include " + operand + "}}: no such file");
        }
        parseFile(target, including);
    }

    private int name(final String name, final String at, final String what)
    {
        if (!NAME.matcher(name).matches())
        {
            throw new StencilSyntaxException(at, what + " needs a method name, not '" + name + "'");
        }
        int index = names.indexOf(name);
        if (index < 0)
        {
            index = names.size();
            names.add(name);
        }
        return index;
    }

    private void emitText(final String text)
    {
        if (!text.isEmpty())
        {
            texts.add(text.getBytes(StandardCharsets.UTF_8));
            emit(Stencil.TEXT, texts.size() - 1, null);
        }
    }

    private int emit(final int operation, final int argument, final String at)
    {
        op.add(operation);
        arg.add(argument);
        jump.add(-1);
        where.add(at);
        return op.size() - 1;
    }

    private String position(final Path file, final String text, final int offset)
    {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++)
        {
            if (text.charAt(i) == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        return root.relativize(file) + ":" + line + ":" + (offset - lineStart + 1);
    }

    private static int[] ints(final List<Integer> values)
    {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }
}
