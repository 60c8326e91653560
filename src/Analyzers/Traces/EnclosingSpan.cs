using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SignalContract.Analyzers.Traces;

/// <summary>
/// The innermost span local whose lifetime holds an operation: a <c>using</c> or <c>using var</c> span, or a span
/// started into a local and ended after the operation. The local may also hold a <see cref="SpanHolder"/> a factory
/// returned, whose disposal ends its span.
/// </summary>
internal sealed class EnclosingSpan
{
    private EnclosingSpan(ILocalSymbol local, SpanApi api, SpanHolder? holder, IOperation scope)
    {
        Local = local;
        Api = api;
        Holder = holder;
        Scope = scope;
    }

    public ILocalSymbol Local { get; }

    public SpanApi Api { get; }

    /// <summary>The holder type of <see cref="Local"/> when it holds the span rather than being it.</summary>
    public SpanHolder? Holder { get; }

    /// <summary>The using statement or block the lifetime lies in; searches for outer handlers stop here.</summary>
    public IOperation Scope { get; }

    public static EnclosingSpan? Find(IOperation operation, TracingTypes types)
    {
        var child = operation;
        for (var parent = operation.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                // Code in a lambda or local function may run after the span has ended.
                case IAnonymousFunctionOperation:
                case ILocalFunctionOperation:
                    return null;

                case IUsingOperation usingOperation when usingOperation.Body == child:
                    if (SpanDeclaredBy(usingOperation.Resources, types) is { } resource)
                    {
                        return resource.In(usingOperation);
                    }

                    break;

                case IBlockOperation block:
                    var found = FindAmong(block.Operations, block, child, types);
                    if (found is not null)
                    {
                        return found;
                    }

                    break;

                // case 1: using var activity = ...; the statements of a switch section are not a block.
                case ISwitchCaseOperation section:
                    var inSection = FindAmong(section.Body, section, child, types);
                    if (inSection is not null)
                    {
                        return inSection;
                    }

                    break;
            }
        }

        return null;
    }

    private EnclosingSpan In(IOperation scope) => new(Local, Api, Holder, scope);

    private static EnclosingSpan? FindAmong(ImmutableArray<IOperation> statements, IOperation scope, IOperation child, TracingTypes types)
    {
        int index = statements.IndexOf(child);
        for (int i = index - 1; i >= 0; i--)
        {
            switch (statements[i])
            {
                case IUsingDeclarationOperation usingDeclaration when SpanDeclaredBy(usingDeclaration.DeclarationGroup, types) is { } declared:
                    return declared.In(scope);

                case IVariableDeclarationGroupOperation group
                    when SpanDeclaredBy(group, types) is { } declared
                        && !EndsIn(statements, i + 1, index, declared.Local, types)
                        && EndsIn(statements, index, statements.Length, declared.Local, types):
                    return declared.In(scope);
            }
        }

        return null;
    }

    /// <summary>
    /// The last span local the declaration gives a span that something returned: a start, a factory (an async one
    /// awaited), a <c>?:</c>/<c>??</c>/<c>switch</c> of those, or any call of a span type. A property such as
    /// <c>Activity.Current</c> is not owned.
    /// </summary>
    private static EnclosingSpan? SpanDeclaredBy(IOperation? declaration, TracingTypes types)
    {
        if (declaration is not IVariableDeclarationGroupOperation group)
        {
            return null;
        }

        EnclosingSpan? found = null;
        foreach (var variables in group.Declarations)
        {
            foreach (var declarator in variables.Declarators)
            {
                var initializer = declarator.Initializer ?? variables.Initializer;
                if (initializer is null)
                {
                    continue;
                }

                var local = declarator.Symbol;
                var value = SpanReceiver.WithoutConversions(initializer.Value);
                if (value is IInvocationOperation invocation && types.SpanApiOf(invocation.Type) is { } spanApi)
                {
                    found = new EnclosingSpan(local, spanApi, null, group);
                }
                else if (types.HeldSpanApiOf(local.Type) is { } heldApi && SpanValue.Classify(value, types) == SpanValueKind.Started)
                {
                    found = new EnclosingSpan(local, heldApi, types.Factories.HolderOf(local.Type), group);
                }
            }
        }

        return found;
    }

    private static bool EndsIn(ImmutableArray<IOperation> statements, int start, int end, ILocalSymbol local, TracingTypes types)
    {
        for (int i = start; i < end; i++)
        {
            foreach (var operation in statements[i].DescendantsAndSelf())
            {
                if (operation is IInvocationOperation invocation && types.EndsLocal(invocation, local))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
