using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Infrastructure;

namespace SignalContract.Analyzers.Traces;

/// <summary>
/// OBS3001: a started span must be ended on every path out of the function that starts it, exceptions included,
/// unless the span is handed to someone else (returned, stored, passed on, captured).
/// </summary>
public sealed class SpanLifetimeAnalyzer : SignalContractAnalyzer
{
    /// <summary>Diagnostic property: <see cref="DiscardedShape"/> or <see cref="LocalShape"/>.</summary>
    public const string ShapeKey = "SpanShape";

    /// <summary>Diagnostic property: <c>Activity</c> or <c>TelemetrySpan</c>, absent when the kept value is of another type.</summary>
    public const string ApiKey = "SpanApi";

    public const string DiscardedShape = "Discarded";

    public const string LocalShape = "Local";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SpanNotEnded);

    private protected override bool RequiresContract => false;

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, ContractModel contract)
    {
        var types = TracingTypes.Create(context.Compilation);
        if (types is null)
        {
            return;
        }

        context.RegisterOperationAction(operation => AnalyzeInvocation(operation, types), OperationKind.Invocation);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, TracingTypes types)
    {
        var invocation = (IInvocationOperation)context.Operation;
        bool maybeFactory = false;
        if (!IsStartName(invocation.TargetMethod.Name) || !types.IsSpanStart(invocation))
        {
            maybeFactory = types.Factories.MayCallFactory(invocation, out _);
            if (!maybeFactory)
            {
                return;
            }
        }

        // Most factory calls are in a using or returned: settled without reading the factory.
        var destination = SpanOwnership.DestinationOf(invocation, types);
        if (destination.Kind == SpanDestinationKind.HandedOff)
        {
            return;
        }

        SpanFactory? factory = null;
        if (maybeFactory && (factory = types.Factories.FactoryOf(invocation)) is null)
        {
            return;
        }

        // sampled ? Source.StartActivity(a) : Source.StartActivity(b) has one destination: judged from its first start.
        if (destination.Anchor is { } anchor && SpanValue.FirstStart(anchor, types)?.Syntax != invocation.Syntax)
        {
            return;
        }

        switch (destination.Kind)
        {
            case SpanDestinationKind.Discarded:
                var discardedApi = factory?.Api ?? types.SpanApiOf(invocation.Type);
                Report(context, invocation, destination, DiscardedShape, discardedApi, DiscardedMessage(invocation, discardedApi));
                break;
            case SpanDestinationKind.Local:
                var leaks = FindLocalLeaks(context, invocation, destination, types);
                if (leaks != SpanLeak.None)
                {
                    var local = destination.Local!;
                    var api = types.HeldSpanApiOf(local.Type);
                    bool holder = types.Factories.HolderOf(local.Type) is not null;
                    Report(context, invocation, destination, LocalShape, api, LocalMessage(local, leaks, api, holder));
                }

                break;
        }
    }

    private static bool IsStartName(string name) =>
        name is "StartActivity" or "Start" or "StartActiveSpan" or "StartSpan" or "StartRootSpan";

    private static SpanLeak FindLocalLeaks(OperationAnalysisContext context, IInvocationOperation start, SpanDestination destination, TracingTypes types)
    {
        var local = destination.Local!;
        var function = SpanOwnership.EnclosingFunction(start);
        var owner = function switch
        {
            IAnonymousFunctionOperation lambda => (ISymbol)lambda.Symbol,
            ILocalFunctionOperation localFunction => localFunction.Symbol,
            _ => context.ContainingSymbol,
        };

        // A local of an outer function, assigned inside a lambda, is shared state: not this body's to end.
        if (!SymbolEqualityComparer.Default.Equals(local.ContainingSymbol, owner)
            || !SpanOwnership.StaysInFunction(local, function ?? SpanOwnership.Root(start), types))
        {
            return SpanLeak.None;
        }

        if (EndedByFollowingFinally(destination.Value!, local, function ?? SpanOwnership.Root(start), types))
        {
            return SpanLeak.None;
        }

        var graph = GraphOf(context.GetControlFlowGraph(), function, context.CancellationToken);

        return graph is null
            ? SpanLeak.None
            : SpanPathWalker.FindLeaks(graph, local, types, start, destination.StartedInPlace);
    }

    /// <summary>
    /// The shape most code without <c>using</c> has, proved without a control-flow graph: the span's declaration is
    /// followed at once by a <c>try</c> whose <c>finally</c> ends it unconditionally, and the local is never assigned
    /// again or passed by reference. Iterators are left to the graph: an enumerator nobody disposes skips its finally.
    /// </summary>
    private static bool EndedByFollowingFinally(IOperation value, ILocalSymbol local, IOperation body, TracingTypes types)
    {
        if (value.Parent is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }
            || !SymbolEqualityComparer.Default.Equals(declarator.Symbol, local)
            || declarator.Parent?.Parent is not IVariableDeclarationGroupOperation statement
            || statement.Parent is not IBlockOperation block)
        {
            return false;
        }

        int index = block.Operations.IndexOf(statement);
        if (index < 0 || index + 1 >= block.Operations.Length || block.Operations[index + 1] is not ITryOperation { Finally: { } @finally })
        {
            return false;
        }

        bool ended = false;
        foreach (var operation in @finally.Operations)
        {
            // A statement of the finally itself, not one nested in a condition: it runs on every path.
            ended |= operation is IExpressionStatementOperation { Operation: var expression }
                && (expression as IInvocationOperation ?? (expression as IConditionalAccessOperation)?.WhenNotNull as IInvocationOperation) is { } call
                && types.EndsLocal(call, local);
        }

        if (!ended)
        {
            return false;
        }

        foreach (var node in body.Descendants())
        {
            switch (node)
            {
                case IReturnOperation { Kind: OperationKind.YieldReturn or OperationKind.YieldBreak }:
                case IAssignmentOperation { Target: ILocalReferenceOperation target } when SymbolEqualityComparer.Default.Equals(target.Local, local):
                case IArgumentOperation { Parameter.RefKind: not RefKind.None, Value: ILocalReferenceOperation byReference }
                    when SymbolEqualityComparer.Default.Equals(byReference.Local, local):
                    return false;
                case IDeconstructionAssignmentOperation deconstruction when Mentions(deconstruction.Target, local):
                    return false;
            }
        }

        return true;
    }

    private static bool Mentions(IOperation operation, ILocalSymbol local)
    {
        foreach (var node in operation.DescendantsAndSelf())
        {
            if (node is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The graph of a lambda or local function is nested in the graph of the function around it.</summary>
    private static ControlFlowGraph? GraphOf(ControlFlowGraph root, IOperation? function, CancellationToken cancellationToken)
    {
        if (function is null)
        {
            return root;
        }

        var outer = GraphOf(root, SpanOwnership.EnclosingFunction(function), cancellationToken);
        if (outer is null)
        {
            return null;
        }

        if (function is ILocalFunctionOperation localFunction)
        {
            foreach (var candidate in outer.LocalFunctions)
            {
                if (SymbolEqualityComparer.Default.Equals(candidate, localFunction.Symbol))
                {
                    return outer.GetLocalFunctionControlFlowGraph(candidate, cancellationToken);
                }
            }

            return null;
        }

        var lambda = ((IAnonymousFunctionOperation)function).Symbol;
        foreach (var block in outer.Blocks)
        {
            foreach (var operation in block.Operations)
            {
                foreach (var node in operation.DescendantsAndSelf())
                {
                    if (node is IFlowAnonymousFunctionOperation flow && SymbolEqualityComparer.Default.Equals(flow.Symbol, lambda))
                    {
                        return outer.GetAnonymousFunctionControlFlowGraph(flow, cancellationToken);
                    }
                }
            }

            if (block.BranchValue is { } branchValue)
            {
                foreach (var node in branchValue.DescendantsAndSelf())
                {
                    if (node is IFlowAnonymousFunctionOperation flow && SymbolEqualityComparer.Default.Equals(flow.Symbol, lambda))
                    {
                        return outer.GetAnonymousFunctionControlFlowGraph(flow, cancellationToken);
                    }
                }
            }
        }

        return null;
    }

    private static void Report(OperationAnalysisContext context, IInvocationOperation start, SpanDestination destination, string shape, SpanApi? api, string message)
    {
        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(ShapeKey, shape);
        if (api is not null)
        {
            properties = properties.Add(ApiKey, api.ToString());
        }

        // For source?.StartActivity(...) the call alone is '.StartActivity(...)': report the whole access. A start in
        // a ?:, ?? or switch expression, or an awaited factory, is reported on the whole expression the variable gets.
        var reported = destination.Anchor?.Syntax
            ?? (start.Parent is IConditionalAccessOperation access && access.WhenNotNull == start ? access.Syntax : start.Syntax);
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.SpanNotEnded, reported.GetLocation(), properties, message));
    }

    private static string DiscardedMessage(IInvocationOperation start, SpanApi? api) =>
        api == SpanApi.TelemetrySpan
            ? $"The span from '{start.TargetMethod.Name}' is not kept, so it is never ended"
            : $"The activity from '{start.TargetMethod.Name}' is not kept, so it is never stopped and stays Activity.Current";

    private static string LocalMessage(ILocalSymbol local, SpanLeak leaks, SpanApi? api, bool holder)
    {
        string ended = holder ? "disposed" : api == SpanApi.TelemetrySpan ? "ended" : "stopped";
        string why = (leaks & SpanLeak.NormalExit) != 0
            ? "a path leaves without ending it"
            : (leaks & SpanLeak.Overwritten) != 0
                ? $"'{local.Name}' is assigned again while the span still runs"
                : "an exception thrown before the end skips it; end it in a finally or with 'using'";
        return $"'{local.Name}' is not {ended} on every path: {why}";
    }
}
