using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace SignalContract.Analyzers.Traces;

/// <summary>How a span held in a local escapes its end, if it does.</summary>
[System.Flags]
internal enum SpanLeak
{
    None = 0,

    /// <summary>A normal path (falling off the end, <c>return</c>, <c>yield break</c>) leaves with the span running.</summary>
    NormalExit = 1,

    /// <summary>An exception thrown (or an iterator abandoned) while the span runs skips every end.</summary>
    Exception = 2,

    /// <summary>The local is assigned again, or started again, while its span still runs.</summary>
    Overwritten = 4,
}

/// <summary>
/// Walks the control-flow graph of one function from one span start and finds the ways out that do not end the span.
/// Exceptions are modelled: every call, object creation, <c>await</c>, <c>throw</c> and <c>yield return</c> may leave
/// through the enclosing catch handlers and finally regions. Anything it cannot model makes it give up silently.
/// </summary>
internal sealed class SpanPathWalker
{
    private readonly ControlFlowGraph graph;
    private readonly ILocalSymbol local;
    private readonly TracingTypes types;
    private readonly TextSpan startSpan;
    private readonly bool startedInPlace;
    private readonly HashSet<CaptureId> aliases = new();
    private readonly Dictionary<ControlFlowRegion, bool> finallyLetsSpanThrough = new();
    private readonly bool[] entered;
    private readonly bool[] raised;
    private readonly Stack<int> pending = new();
    private readonly Effect[]?[] operationEffects;
    private SpanLeak leaks;
    private bool unknown;

    private SpanPathWalker(ControlFlowGraph graph, ILocalSymbol local, TracingTypes types, IInvocationOperation start, bool startedInPlace)
    {
        this.graph = graph;
        this.local = local;
        this.types = types;
        this.startSpan = start.Syntax.Span;
        this.startedInPlace = startedInPlace;
        entered = new bool[graph.Blocks.Length];
        raised = new bool[graph.Blocks.Length];
        operationEffects = new Effect[]?[graph.Blocks.Length];
    }

    [System.Flags]
    private enum Effect
    {
        None = 0,
        MayThrow = 1,
        Ends = 2,
        Reassigns = 4,
        Starts = 8,
    }

    /// <summary>The leaks of the span started by <paramref name="start"/> into <paramref name="local"/>; None when unsure.</summary>
    public static SpanLeak FindLeaks(ControlFlowGraph graph, ILocalSymbol local, TracingTypes types, IInvocationOperation start, bool startedInPlace)
    {
        var walker = new SpanPathWalker(graph, local, types, start, startedInPlace);
        walker.Walk();
        return walker.unknown ? SpanLeak.None : walker.leaks;
    }

    private void Walk()
    {
        CollectAliases();
        if (!FindStart(out int startBlock, out int startIndex))
        {
            unknown = true;
            return;
        }

        ContinueBlock(graph.Blocks[startBlock], startIndex + 1);
        while (pending.Count > 0 && !unknown)
        {
            ContinueBlock(graph.Blocks[pending.Pop()], 0);
        }
    }

    /// <summary>Flow captures of the local (the lowered receiver of <c>activity?.Stop()</c>) stand for it.</summary>
    private void CollectAliases()
    {
        foreach (var block in graph.Blocks)
        {
            foreach (var operation in block.Operations)
            {
                foreach (var node in operation.DescendantsAndSelf())
                {
                    if (node is IFlowCaptureOperation capture && IsLocal(capture.Value))
                    {
                        aliases.Add(capture.Id);
                    }
                }
            }
        }
    }

    private bool FindStart(out int blockOrdinal, out int operationIndex)
    {
        foreach (var block in graph.Blocks)
        {
            for (int i = 0; i < block.Operations.Length; i++)
            {
                if ((EffectOf(block, i) & Effect.Starts) != 0)
                {
                    blockOrdinal = block.Ordinal;
                    operationIndex = i;
                    return true;
                }
            }
        }

        blockOrdinal = -1;
        operationIndex = -1;
        return false;
    }

    private void Enter(int blockOrdinal)
    {
        if (!entered[blockOrdinal])
        {
            entered[blockOrdinal] = true;
            pending.Push(blockOrdinal);
        }
    }

    /// <summary>Runs the rest of <paramref name="block"/> with the span running, then follows its exits.</summary>
    private void ContinueBlock(BasicBlock block, int fromIndex)
    {
        for (int i = fromIndex; i < block.Operations.Length; i++)
        {
            if (!Apply(block, EffectOf(block, i)))
            {
                return;
            }
        }

        if (block.BranchValue is { } branchValue && !Apply(block, Scan(branchValue)))
        {
            return;
        }

        if (block.Kind == BasicBlockKind.Exit)
        {
            leaks |= SpanLeak.NormalExit;
            return;
        }

        bool? nullOnConditional = NullOnConditionalEdge(block);
        if (block.ConditionalSuccessor is { } conditional && nullOnConditional != true)
        {
            Follow(block, conditional);
        }

        if (block.FallThroughSuccessor is { } fallThrough && nullOnConditional != false)
        {
            Follow(block, fallThrough);
        }
    }

    /// <summary>Applies one operation's effect; false when the span no longer runs on this path.</summary>
    private bool Apply(BasicBlock block, Effect effect)
    {
        if ((effect & Effect.MayThrow) != 0)
        {
            Raise(block);
        }

        if ((effect & Effect.Ends) != 0)
        {
            return false;
        }

        if ((effect & (Effect.Reassigns | Effect.Starts)) != 0)
        {
            leaks |= SpanLeak.Overwritten;
            return false;
        }

        return true;
    }

    private void Follow(BasicBlock source, ControlFlowBranch branch)
    {
        foreach (var finallyRegion in branch.FinallyRegions)
        {
            if (!FinallyLetsSpanThrough(finallyRegion))
            {
                return;
            }
        }

        switch (branch.Semantics)
        {
            case ControlFlowBranchSemantics.Regular:
            case ControlFlowBranchSemantics.Return:
                if (branch.Destination is { Kind: BasicBlockKind.Exit })
                {
                    leaks |= SpanLeak.NormalExit;
                }
                else if (branch.Destination is { } destination)
                {
                    Enter(destination.Ordinal);
                }

                break;
            case ControlFlowBranchSemantics.Throw:
            case ControlFlowBranchSemantics.Rethrow:
                Raise(source);
                break;
            case ControlFlowBranchSemantics.None:
            case ControlFlowBranchSemantics.ProgramTermination:
                break;
            default:
                // The end of a finally or filter (a start inside one), or invalid code: unknown continuation.
                unknown = true;
                break;
        }
    }

    /// <summary>An exception leaves <paramref name="block"/> with the span running: run the handlers it meets on the way out.</summary>
    private void Raise(BasicBlock block)
    {
        if (raised[block.Ordinal])
        {
            return;
        }

        raised[block.Ordinal] = true;
        for (var child = block.EnclosingRegion; child.EnclosingRegion is { } parent; child = parent)
        {
            if (child.Kind != ControlFlowRegionKind.Try)
            {
                continue;
            }

            if (parent.Kind == ControlFlowRegionKind.TryAndFinally)
            {
                if (!FinallyLetsSpanThrough(parent.NestedRegions[1]))
                {
                    return;
                }
            }
            else if (parent.Kind == ControlFlowRegionKind.TryAndCatch && EnterHandlers(parent))
            {
                return;
            }
        }

        leaks |= SpanLeak.Exception;
    }

    /// <summary>Enters every handler of a try/catch; true when one of them catches everything.</summary>
    private bool EnterHandlers(ControlFlowRegion tryAndCatch)
    {
        for (int i = 1; i < tryAndCatch.NestedRegions.Length; i++)
        {
            var handler = tryAndCatch.NestedRegions[i];
            if (handler.Kind == ControlFlowRegionKind.Catch)
            {
                Enter(handler.FirstBlockOrdinal);
                if (CatchesEverything(handler.ExceptionType))
                {
                    return true;
                }
            }
            else if (handler.Kind == ControlFlowRegionKind.FilterAndHandler)
            {
                foreach (var nested in handler.NestedRegions)
                {
                    if (nested.Kind == ControlFlowRegionKind.Catch)
                    {
                        Enter(nested.FirstBlockOrdinal);
                    }
                }
            }
        }

        return false;
    }

    private static bool CatchesEverything(ITypeSymbol? exceptionType) =>
        exceptionType is null
        || exceptionType.SpecialType == SpecialType.System_Object
        || exceptionType is { Name: "Exception", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    /// <summary>True when the span can still be running after <paramref name="finallyRegion"/> runs with it running.</summary>
    private bool FinallyLetsSpanThrough(ControlFlowRegion finallyRegion)
    {
        if (finallyLetsSpanThrough.TryGetValue(finallyRegion, out bool known))
        {
            return known;
        }

        // Assume the worst while walking, in case of recursion through nested finally regions.
        finallyLetsSpanThrough[finallyRegion] = true;
        bool through = false;
        var seen = new HashSet<int>();
        var work = new Stack<int>();
        work.Push(finallyRegion.FirstBlockOrdinal);
        seen.Add(finallyRegion.FirstBlockOrdinal);
        while (work.Count > 0)
        {
            var block = graph.Blocks[work.Pop()];
            if (!RunsThroughFinallyBlock(block))
            {
                continue;
            }

            bool? nullOnConditional = NullOnConditionalEdge(block);
            if (nullOnConditional != true)
            {
                through |= FollowInsideFinally(block.ConditionalSuccessor, finallyRegion, seen, work);
            }

            if (nullOnConditional != false)
            {
                through |= FollowInsideFinally(block.FallThroughSuccessor, finallyRegion, seen, work);
            }
        }

        finallyLetsSpanThrough[finallyRegion] = through;
        return through;
    }

    /// <summary>Inside a finally, exceptions are not followed: the question is only whether the normal path ends the span.</summary>
    private bool RunsThroughFinallyBlock(BasicBlock block)
    {
        for (int i = 0; i < block.Operations.Length; i++)
        {
            if ((EffectOf(block, i) & (Effect.Ends | Effect.Reassigns | Effect.Starts)) != 0)
            {
                return false;
            }
        }

        return block.BranchValue is null || (Scan(block.BranchValue) & (Effect.Ends | Effect.Reassigns | Effect.Starts)) == 0;
    }

    /// <summary>Follows one edge inside a finally region; true when it leaves the region with the span running.</summary>
    private bool FollowInsideFinally(ControlFlowBranch? branch, ControlFlowRegion finallyRegion, HashSet<int> seen, Stack<int> work)
    {
        if (branch is null || !PassesFinallyRegions(branch, finallyRegion))
        {
            return false;
        }

        if (branch.Semantics == ControlFlowBranchSemantics.StructuredExceptionHandling)
        {
            return true;
        }

        if (branch.Destination is { } destination
            && destination.Ordinal >= finallyRegion.FirstBlockOrdinal
            && destination.Ordinal <= finallyRegion.LastBlockOrdinal
            && seen.Add(destination.Ordinal))
        {
            work.Push(destination.Ordinal);
        }

        return false;
    }

    private bool PassesFinallyRegions(ControlFlowBranch branch, ControlFlowRegion outer)
    {
        foreach (var nested in branch.FinallyRegions)
        {
            if (nested != outer && !FinallyLetsSpanThrough(nested))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// For a block ending in a null test of the span, whether the local is null on the conditional edge (true) or on
    /// the fall-through edge (false); null when the branch does not test it. A null span needs no end.
    /// </summary>
    private bool? NullOnConditionalEdge(BasicBlock block)
    {
        if (block.ConditionalSuccessor is null || block.BranchValue is null || NullWhen(block.BranchValue) is not bool trueWhenNull)
        {
            return null;
        }

        bool conditionalTakenWhenTrue = block.ConditionKind == ControlFlowConditionKind.WhenTrue;
        return conditionalTakenWhenTrue == trueWhenNull;
    }

    /// <summary>The value of <paramref name="condition"/> when the local is null, if it is a null test of it.</summary>
    private bool? NullWhen(IOperation condition)
    {
        switch (SpanOwnership.SkipConversions(condition))
        {
            case IIsNullOperation isNull when IsLocal(isNull.Operand):
                return true;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison
                when (IsLocal(comparison.LeftOperand) && IsNull(comparison.RightOperand)) || (IsLocal(comparison.RightOperand) && IsNull(comparison.LeftOperand)):
                return comparison.OperatorKind == BinaryOperatorKind.Equals;
            case IIsPatternOperation pattern when IsLocal(pattern.Value):
                return NullWhenPattern(pattern.Pattern);
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return NullWhen(not.Operand) is bool inner ? !inner : null;
            default:
                return null;
        }
    }

    private static bool? NullWhenPattern(IPatternOperation pattern) => pattern switch
    {
        IConstantPatternOperation constant when IsNull(constant.Value) => true,
        INegatedPatternOperation negated => NullWhenPattern(negated.Pattern) is bool inner ? !inner : null,
        _ => null,
    };

    private static bool IsNull(IOperation operation) =>
        SpanOwnership.SkipConversions(operation) is { ConstantValue: { HasValue: true, Value: null } } or IDefaultValueOperation;

    /// <summary>The local itself, or a flow capture holding it.</summary>
    private bool IsLocal(IOperation? operation)
    {
        if (operation is null)
        {
            return false;
        }

        return SpanOwnership.SkipConversions(operation) switch
        {
            ILocalReferenceOperation reference => SymbolEqualityComparer.Default.Equals(reference.Local, local),
            IFlowCaptureReferenceOperation capture => aliases.Contains(capture.Id),
            _ => false,
        };
    }

    /// <summary>The effect of a block's operation, scanned once however many paths reach it.</summary>
    private Effect EffectOf(BasicBlock block, int index)
    {
        var effects = operationEffects[block.Ordinal];
        if (effects is null)
        {
            effects = new Effect[block.Operations.Length];
            for (int i = 0; i < effects.Length; i++)
            {
                effects[i] = Scan(block.Operations[i]);
            }

            operationEffects[block.Ordinal] = effects;
        }

        return effects[index];
    }

    /// <summary>What one lowered operation does to the span: assignments happen after everything they evaluate.</summary>
    private Effect Scan(IOperation operation)
    {
        var effect = Effect.None;
        foreach (var node in operation.DescendantsAndSelf())
        {
            switch (node)
            {
                case IInvocationOperation call:
                    if (startedInPlace && call.Syntax.Span == startSpan && IsLocal(call.Instance))
                    {
                        effect |= Effect.Starts;
                    }
                    else if (IsLocal(call.Instance) && (types.EndsSpan(call) || IsDispose(call.TargetMethod)))
                    {
                        effect |= Effect.Ends;
                    }
                    else if (!IsTracingCall(call.TargetMethod) && !IsLocal(call.Instance))
                    {
                        effect |= Effect.MayThrow;
                    }

                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment
                    when SymbolEqualityComparer.Default.Equals(target.Local, local):
                    effect |= !startedInPlace && assignment.Syntax.Span.Contains(startSpan) ? Effect.Starts : Effect.Reassigns;
                    break;
                case IObjectCreationOperation creation when !IsTracingType(creation.Type):
                case IAwaitOperation:
                case IThrowOperation:
                case IDynamicInvocationOperation:
                case IDynamicObjectCreationOperation:
                case IReturnOperation { Kind: OperationKind.YieldReturn }:
                    effect |= Effect.MayThrow;
                    break;
            }
        }

        return effect;
    }

    private static bool IsDispose(IMethodSymbol method) =>
        method.Name is "Dispose" && method.Parameters.IsEmpty && !method.IsStatic;

    /// <summary>
    /// The tracing APIs promise not to throw (SetTag, AddEvent, new ActivityEvent, Status.WithDescription...);
    /// treating them as throwing would flag every span that is tagged before it ends. Calls on the local itself (a
    /// span holder's own members, which wrap those APIs) are trusted the same way.
    /// </summary>
    private bool IsTracingCall(IMethodSymbol method) =>
        SpanOwnership.IsTracingExtension(method) || IsTracingType(method.ContainingType);

    private bool IsTracingType(ITypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        if (types.SpanApiOf(type) is not null)
        {
            return true;
        }

        // ActivitySource, ActivityEvent, ActivityContext, ActivityTagsCollection... and the OpenTelemetry API types.
        var ns = type.ContainingNamespace;
        return SpanOwnership.IsSystemDiagnostics(ns)
            ? type.Name.StartsWith("Activity", System.StringComparison.Ordinal)
            : SpanOwnership.IsTracingNamespace(ns);
    }
}
