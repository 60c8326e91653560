using System.Collections.Concurrent;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SignalContract.Analyzers.Metrics;

/// <summary>
/// A helper that hands its parameter straight to an instrument creation, such as
/// <c>Counter&lt;long&gt; Counter(string name, string unit) =&gt; _meter.CreateCounter&lt;long&gt;(name, unit);</c>.
/// Its callers give the name, so they are checked as creation sites. Only helpers declared in the caller's file are
/// read, where the caller's semantic model can see their body.
/// </summary>
internal sealed class InstrumentWrapper
{
    private InstrumentWrapper(InstrumentCreation creation, int nameOrdinal, int? unitOrdinal)
    {
        Creation = creation;
        NameOrdinal = nameOrdinal;
        UnitOrdinal = unitOrdinal;
    }

    /// <summary>The creation inside the helper: its kind and API, and its unit when not a parameter.</summary>
    public InstrumentCreation Creation { get; }

    public int NameOrdinal { get; }

    /// <summary>The helper's parameter named <c>unit</c> that becomes the unit, if any.</summary>
    public int? UnitOrdinal { get; }

    /// <summary>True when <paramref name="call"/> may call a helper that creates an instrument: a cheap first test.</summary>
    public static bool MayBeWrapper(IInvocationOperation call, MetricsTypes types)
    {
        // Cheapest test first: nearly every call returns something that is not an instrument. The call's type is
        // stored on it; the method's ReturnType, Parameters and DeclaringSyntaxReferences build new objects each time.
        var returnNamespace = call.Type?.ContainingNamespace;
        if (returnNamespace is null
            || !(SymbolEqualityComparer.Default.Equals(returnNamespace, types.MeterNamespace)
                || SymbolEqualityComparer.Default.Equals(returnNamespace, types.PrometheusNamespace)))
        {
            return false;
        }

        var method = call.TargetMethod;
        return method.MethodKind == MethodKind.Ordinary && !method.Parameters.IsEmpty && method.DeclaringSyntaxReferences.Length == 1;
    }

    /// <summary>The wrapper <paramref name="method"/> is, read with the caller's <paramref name="model"/>; null when it is not one.</summary>
    public static InstrumentWrapper? Read(IMethodSymbol method, SemanticModel model, MetricsTypes types, CancellationToken cancellationToken)
    {
        var reference = method.DeclaringSyntaxReferences[0];
        if (reference.SyntaxTree != model.SyntaxTree)
        {
            return null;
        }

        SyntaxNode? body = reference.GetSyntax(cancellationToken) switch
        {
            MethodDeclarationSyntax declaration => (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody,
            LocalFunctionStatementSyntax local => (SyntaxNode?)local.Body ?? local.ExpressionBody,
            _ => null,
        };
        if (body is null || model.GetOperation(body, cancellationToken) is not { } operation)
        {
            return null;
        }

        foreach (var descendant in operation.DescendantsAndSelf())
        {
            if (descendant is not IInvocationOperation invocation || InstrumentCreation.TryRead(invocation, types) is not { } creation
                || creation.Name.Operation is not { } nameOperation
                || MetricName.Unwrap(nameOperation) is not IParameterReferenceOperation { Parameter: var nameParameter }
                || !SymbolEqualityComparer.Default.Equals(nameParameter.ContainingSymbol, method))
            {
                continue;
            }

            int? unitOrdinal = creation.Unit.Operation is { } unitOperation
                && MetricName.Unwrap(unitOperation) is IParameterReferenceOperation { Parameter: { Name: "unit" } unitParameter }
                && SymbolEqualityComparer.Default.Equals(unitParameter.ContainingSymbol, method)
                    ? unitParameter.Ordinal
                    : null;
            return new InstrumentWrapper(creation, nameParameter.Ordinal, unitOrdinal);
        }

        return null;
    }

    public static IOperation? ArgumentAt(IInvocationOperation call, int ordinal)
    {
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal)
            {
                return argument.ArgumentKind == ArgumentKind.DefaultValue ? null : argument.Value;
            }
        }

        return null;
    }
}

/// <summary>
/// The helpers of one compilation, each read once: a helper is read only by callers in its own file, which all get the
/// same answer.
/// </summary>
internal sealed class InstrumentWrappers
{
    private readonly ConcurrentDictionary<IMethodSymbol, InstrumentWrapper?> _read = new(SymbolEqualityComparer.Default);

    /// <summary>The creation <paramref name="call"/> makes through a helper; null when it calls none.</summary>
    public InstrumentCreation? CreationThrough(IInvocationOperation call, MetricsTypes types, CancellationToken cancellationToken)
    {
        if (!InstrumentWrapper.MayBeWrapper(call, types) || call.SemanticModel is not { } model
            || call.TargetMethod.DeclaringSyntaxReferences[0].SyntaxTree != model.SyntaxTree)
        {
            return null;
        }

        var method = call.TargetMethod.OriginalDefinition;
        if (!_read.TryGetValue(method, out var wrapper))
        {
            wrapper = _read.GetOrAdd(method, InstrumentWrapper.Read(method, model, types, cancellationToken));
        }

        return wrapper is null ? null : InstrumentCreation.ThroughWrapper(call, wrapper);
    }
}
