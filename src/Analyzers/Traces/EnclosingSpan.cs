using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SignalContract.Analyzers.Traces;

/// <summary>
/// The innermost span local whose lifetime holds an operation: a <c>using</c> or <c>using var</c> span, or a span
/// started into a local and ended after the operation.
/// </summary>
internal sealed class EnclosingSpan
{
    private EnclosingSpan(ILocalSymbol local, SpanApi api, IOperation scope)
    {
        Local = local;
        Api = api;
        Scope = scope;
    }

    public ILocalSymbol Local { get; }

    public SpanApi Api { get; }

    /// <summary>The using statement or block the lifetime lies in; searches for outer handlers stop here.</summary>
    public IOperation Scope { get; }

    /// <summary>
    /// The span local <paramref name="declaration"/> (the declarations of a <c>using</c>, or of a local) declares, with
    /// <paramref name="scope"/> as its lifetime's scope; null when it declares none.
    /// </summary>
    public static EnclosingSpan? DeclaredBy(IOperation? declaration, IOperation scope, TracingTypes types) =>
        SpanDeclaredBy(declaration, types, out var local, out var api) ? new EnclosingSpan(local!, api, scope) : null;

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
                    if (SpanDeclaredBy(usingOperation.Resources, types, out var resource, out var resourceApi))
                    {
                        return new EnclosingSpan(resource!, resourceApi, usingOperation);
                    }

                    break;

                case IBlockOperation block:
                    var found = FindInBlock(block, child, types);
                    if (found is not null)
                    {
                        return found;
                    }

                    break;
            }
        }

        return null;
    }

    private static EnclosingSpan? FindInBlock(IBlockOperation block, IOperation child, TracingTypes types)
    {
        int index = block.Operations.IndexOf(child);
        for (int i = index - 1; i >= 0; i--)
        {
            switch (block.Operations[i])
            {
                case IUsingDeclarationOperation usingDeclaration
                    when SpanDeclaredBy(usingDeclaration.DeclarationGroup, types, out var local, out var api):
                    return new EnclosingSpan(local!, api, block);

                case IVariableDeclarationGroupOperation group
                    when SpanDeclaredBy(group, types, out var local, out var api)
                        && !EndsIn(block, i + 1, index, local!, types)
                        && EndsIn(block, index, block.Operations.Length, local!, types):
                    return new EnclosingSpan(local!, api, block);
            }
        }

        return null;
    }

    private static bool SpanDeclaredBy(IOperation? declaration, TracingTypes types, out ILocalSymbol? local, out SpanApi api)
    {
        local = null;
        api = default;
        if (declaration is not IVariableDeclarationGroupOperation group)
        {
            return false;
        }

        foreach (var variables in group.Declarations)
        {
            foreach (var declarator in variables.Declarators)
            {
                var initializer = declarator.Initializer ?? variables.Initializer;
                var value = initializer is null ? null : SpanReceiver.WithoutConversions(initializer.Value);

                // Started here or returned by a factory; a property such as Activity.Current is not owned.
                if (value is IInvocationOperation invocation && types.SpanApiOf(invocation.Type) is { } spanApi)
                {
                    local = declarator.Symbol;
                    api = spanApi;
                }
            }
        }

        return local is not null;
    }

    private static bool EndsIn(IBlockOperation block, int start, int end, ILocalSymbol local, TracingTypes types)
    {
        for (int i = start; i < end; i++)
        {
            foreach (var operation in block.Operations[i].DescendantsAndSelf())
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
