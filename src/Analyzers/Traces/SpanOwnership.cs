using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SignalContract.Analyzers.Traces;

/// <summary>Where a started span goes, as far as the method that starts it can tell.</summary>
internal enum SpanDestinationKind
{
    /// <summary>Somewhere this method cannot follow (returned, stored, passed on, used in a <c>using</c>): not our business.</summary>
    HandedOff,

    /// <summary>No reference is kept, so nothing can end it.</summary>
    Discarded,

    /// <summary>Kept in a local of the starting function, whose paths decide.</summary>
    Local,
}

/// <summary>The destination of one span start, and whether the start is the assignment or a call on the local.</summary>
internal readonly struct SpanDestination
{
    private SpanDestination(SpanDestinationKind kind, ILocalSymbol? local, bool startedInPlace, IOperation? value, IOperation? anchor)
    {
        Kind = kind;
        Local = local;
        StartedInPlace = startedInPlace;
        Value = value;
        Anchor = anchor;
    }

    public SpanDestinationKind Kind { get; }

    public ILocalSymbol? Local { get; }

    /// <summary>True for <c>activity.Start()</c> on a local that already holds the (inert) activity.</summary>
    public bool StartedInPlace { get; }

    /// <summary>The whole value that arrives at the destination: the start, or the expression around it.</summary>
    public IOperation? Value { get; }

    /// <summary>
    /// The outermost <c>?:</c>, <c>??</c>, <c>switch</c> expression or <c>await</c> the start's value went through, or
    /// null. Every start in it shares the destination, so the rule judges it once.
    /// </summary>
    public IOperation? Anchor { get; }

    public static SpanDestination HandedOff { get; } = new(SpanDestinationKind.HandedOff, null, false, null, null);

    public static SpanDestination Discarded(IOperation value, IOperation? anchor) => new(SpanDestinationKind.Discarded, null, false, value, anchor);

    public static SpanDestination InLocal(ILocalSymbol local, bool startedInPlace, IOperation value, IOperation? anchor) =>
        new(SpanDestinationKind.Local, local, startedInPlace, value, anchor);
}

/// <summary>
/// Ownership questions answered on the operation tree: where a started span's value goes, and whether a local's
/// span ever leaves the function. Anything unrecognised counts as handed off, so the rule stays silent.
/// </summary>
internal static class SpanOwnership
{
    /// <summary>
    /// Where the span <paramref name="start"/> starts goes (a span start or a factory call, see
    /// <see cref="TracingTypes.StartsSpan"/>; a call whose signature only allows a factory is followed as one). The value is followed through conversions, fluent calls, <c>?.</c>,
    /// <c>?:</c>, <c>??</c>, <c>switch</c> expressions and, for an async factory, the <c>await</c> of it. A value that
    /// meets a branch that is not a start or nothing (<c>started ?? Activity.Current</c>) counts as handed off.
    /// </summary>
    public static SpanDestination DestinationOf(IInvocationOperation start, TracingTypes types)
    {
        var destination = FollowValue(start, types);
        if (destination.Kind == SpanDestinationKind.Discarded && destination.Anchor is null && IsActivityStart(start))
        {
            // activity.Start() returns the activity itself: the receiver keeps the reference.
            return ReceiverOf(start) switch
            {
                ILocalReferenceOperation local => SpanDestination.InLocal(local.Local, startedInPlace: true, start, null),
                IObjectCreationOperation or IInvocationOperation => destination,
                _ => SpanDestination.HandedOff,
            };
        }

        if (destination.Anchor is { } anchor && destination.Kind != SpanDestinationKind.HandedOff
            && SpanValue.Classify(anchor, types) != SpanValueKind.Started)
        {
            return SpanDestination.HandedOff;
        }

        return destination;
    }

    /// <summary>
    /// True when every use of <paramref name="local"/> inside <paramref name="body"/> keeps the span in this function:
    /// ending it, calling its own members, null checks, and assignments of starts, inert activities or null.
    /// A local first given some other value is treated as borrowed.
    /// </summary>
    public static bool StaysInFunction(ILocalSymbol local, IOperation body, TracingTypes types)
    {
        foreach (var operation in body.Descendants())
        {
            // An activity that arrived from elsewhere (var a = parameter; a.Start()) is not ours to end.
            if (operation is IVariableDeclaratorOperation declarator
                && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local)
                && declarator.GetVariableInitializer() is { } initializer
                && !SpanValue.IsStartedOrNothing(initializer.Value, types))
            {
                return false;
            }

            if (operation is ILocalReferenceOperation reference
                && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                && (IsCaptured(reference, body) || !IsHarmlessUse(reference, types)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The lambda or local function whose body holds <paramref name="operation"/>, or null for the member body.</summary>
    public static IOperation? EnclosingFunction(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return current;
            }
        }

        return null;
    }

    public static IOperation Root(IOperation operation)
    {
        var current = operation;
        while (current.Parent is not null)
        {
            current = current.Parent;
        }

        return current;
    }

    public static IOperation SkipConversions(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    private static SpanDestination FollowValue(IInvocationOperation start, TracingTypes types)
    {
        IOperation current = start;
        IOperation? anchor = null;
        if (!types.IsSpanStart(start))
        {
            // An async factory's span arrives through the await of its task; the task itself owns nothing.
            if (types.Factories.MayCallFactory(start, out bool isAsync) && isAsync)
            {
                if (AwaitOf(start) is not { } await)
                {
                    return SpanDestination.HandedOff;
                }

                current = anchor = await;
            }
        }

        while (true)
        {
            switch (current.Parent)
            {
                case IConversionOperation conversion:
                    current = conversion;
                    continue;
                case IConditionalOperation conditional when conditional.Type is not null && conditional.Condition != current:
                    current = anchor = conditional;
                    continue;
                case ICoalesceOperation coalesce:
                    current = anchor = coalesce;
                    continue;
                case ISwitchExpressionArmOperation arm when arm.Value == current && arm.Parent is ISwitchExpressionOperation switchExpression:
                    current = anchor = switchExpression;
                    continue;
                case IConditionalAccessOperation access when access.WhenNotNull == current:
                    current = access;
                    continue;
                case IConditionalAccessOperation access when access.Operation == current:
                    if (access.WhenNotNull is IInvocationOperation { Instance: IConditionalAccessInstanceOperation } memberCall)
                    {
                        if (types.EndsSpan(memberCall))
                        {
                            return SpanDestination.HandedOff;
                        }

                        if (types.HeldSpanApiOf(memberCall.Type) is null)
                        {
                            return SpanDestination.Discarded(current, anchor);
                        }

                        current = access;
                        continue;
                    }

                    return access.WhenNotNull is IPropertyReferenceOperation { Instance: IConditionalAccessInstanceOperation }
                        ? SpanDestination.Discarded(current, anchor)
                        : SpanDestination.HandedOff;
                case IInvocationOperation call when call.Instance == current:
                    if (types.EndsSpan(call))
                    {
                        return SpanDestination.HandedOff;
                    }

                    if (types.HeldSpanApiOf(call.Type) is null)
                    {
                        return SpanDestination.Discarded(current, anchor);
                    }

                    // Fluent members (SetTag, AddEvent...) return the span itself.
                    current = call;
                    continue;
                case IPropertyReferenceOperation property when property.Instance == current:
                    return SpanDestination.Discarded(current, anchor);
                case IExpressionStatementOperation:
                    return SpanDestination.Discarded(current, anchor);
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    return IsUsingDeclaration(declarator) || declarator.Symbol.RefKind != RefKind.None
                        ? SpanDestination.HandedOff
                        : SpanDestination.InLocal(declarator.Symbol, startedInPlace: false, current, anchor);
                case ISimpleAssignmentOperation assignment when assignment.Value == current:
                    if (assignment.Parent is not IExpressionStatementOperation)
                    {
                        return SpanDestination.HandedOff;
                    }

                    return assignment.Target switch
                    {
                        ILocalReferenceOperation { Local.RefKind: RefKind.None } target => SpanDestination.InLocal(target.Local, startedInPlace: false, current, anchor),
                        IDiscardOperation => SpanDestination.Discarded(current, anchor),
                        _ => SpanDestination.HandedOff,
                    };
                default:
                    return SpanDestination.HandedOff;
            }
        }
    }

    /// <summary>The <c>await</c> of <paramref name="task"/>, also through <c>ConfigureAwait(...)</c>; null when it is not awaited there.</summary>
    private static IAwaitOperation? AwaitOf(IOperation task)
    {
        var parent = task.Parent;
        if (parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure && configure.Instance == task)
        {
            parent = configure.Parent;
            task = configure;
        }

        return parent is IAwaitOperation await && await.Operation == task ? await : null;
    }

    private static bool IsUsingDeclaration(IVariableDeclaratorOperation declarator) =>
        declarator.Parent is IVariableDeclarationOperation { Parent: IVariableDeclarationGroupOperation { Parent: IUsingDeclarationOperation or IUsingOperation } }
            or IVariableDeclarationOperation { Parent: IUsingDeclarationOperation or IUsingOperation };

    private static bool IsActivityStart(IInvocationOperation start) =>
        start.TargetMethod.Name == "Start" && start.Instance is not null;

    /// <summary>The receiver of a call, looking through <c>?.</c> to the accessed expression.</summary>
    private static IOperation? ReceiverOf(IInvocationOperation call)
    {
        var receiver = call.Instance;
        if (receiver is IConditionalAccessInstanceOperation)
        {
            for (var current = call.Parent; current is not null; current = current.Parent)
            {
                if (current is IConditionalAccessOperation access)
                {
                    receiver = access.Operation;
                    break;
                }
            }
        }

        return receiver is null ? null : SkipConversions(receiver);
    }

    /// <summary>True when <paramref name="reference"/> lies in a lambda or local function inside <paramref name="body"/>.</summary>
    public static bool IsCaptured(IOperation reference, IOperation body)
    {
        for (var current = reference.Parent; current is not null && current != body; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="reference"/> is (in the same method) an activity.Start() on the local, with or without <c>?.</c>.</summary>
    public static bool IsStartedInPlace(ILocalReferenceOperation reference, TracingTypes types) => reference.Parent switch
    {
        IInvocationOperation call when call.Instance == reference => types.IsSpanStart(call),
        IConditionalAccessOperation { WhenNotNull: IInvocationOperation { Instance: IConditionalAccessInstanceOperation } call } access
            when access.Operation == reference => types.IsSpanStart(call),
        _ => false,
    };

    /// <summary>
    /// True for a use of a span local that keeps the span in the function: ending it, calling its members (unless a
    /// fluent result is kept), reading its properties, null tests, tracing extensions, and assigning it a start or nothing.
    /// </summary>
    public static bool IsHarmlessUse(ILocalReferenceOperation reference, TracingTypes types)
    {
        if (reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference)
        {
            return assignment.Parent is IExpressionStatementOperation && SpanValue.IsStartedOrNothing(assignment.Value, types);
        }

        if (reference.Parent is IPropertyReferenceOperation property && property.Instance == reference
            && types.SpanApiOf(property.Type) is not null && types.Factories.HolderOf(reference.Type) is not null)
        {
            // scope.Activity is the span the holder owns: tagging it is fine, keeping or ending it elsewhere is not ours to judge.
            return IsHarmlessRead(property, types, endsAreHarmless: false);
        }

        return IsHarmlessRead(reference, types, endsAreHarmless: true);
    }

    private static bool IsHarmlessRead(IOperation read, TracingTypes types, bool endsAreHarmless)
    {
        switch (read.Parent)
        {
            case IInvocationOperation call when call.Instance == read:
                return IsHarmlessMemberCall(call, call, types, endsAreHarmless);
            case IPropertyReferenceOperation property when property.Instance == read:
                return true;
            case IConditionalAccessOperation access when access.Operation == read:
                return access.WhenNotNull switch
                {
                    IInvocationOperation { Instance: IConditionalAccessInstanceOperation } call => IsHarmlessMemberCall(call, access, types, endsAreHarmless),
                    IPropertyReferenceOperation { Instance: IConditionalAccessInstanceOperation } => true,
                    IInvocationOperation extension => IsTracingExtensionOnAccessedSpan(extension),
                    _ => false,
                };
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
                return IsNullConstant(comparison.LeftOperand == read ? comparison.RightOperand : comparison.LeftOperand);
            case IIsPatternOperation { Pattern: var pattern }:
                return IsNullPattern(pattern);
            case IArgumentOperation { Parent: IInvocationOperation call } argument:
                // activity.RecordException(ex) and friends: tracing extensions use the span, they do not keep it.
                return argument.Parameter?.Ordinal == 0 && IsTracingExtension(call.TargetMethod);
            default:
                return false;
        }
    }

    /// <summary>A member call on the span is harmless unless its (fluent) result is kept somewhere.</summary>
    private static bool IsHarmlessMemberCall(IInvocationOperation call, IOperation result, TracingTypes types, bool endsAreHarmless)
    {
        if ((!endsAreHarmless && types.EndsSpan(call)) || types.Factories.EndsHolderSometimes(call.TargetMethod))
        {
            return false;
        }

        if (types.HeldSpanApiOf(call.Type) is null)
        {
            return true;
        }

        var parent = result.Parent;
        return parent switch
        {
            IExpressionStatementOperation => true,
            IInvocationOperation next when next.Instance == result => IsHarmlessMemberCall(next, next, types, endsAreHarmless),
            IConditionalAccessOperation access when access.Operation == result =>
                access.WhenNotNull is IInvocationOperation { Instance: IConditionalAccessInstanceOperation } next && IsHarmlessMemberCall(next, access, types, endsAreHarmless),
            _ => false,
        };
    }

    private static bool IsNullConstant(IOperation operation) =>
        SkipConversions(operation) is { ConstantValue: { HasValue: true, Value: null } } or IDefaultValueOperation;

    private static bool IsNullPattern(IPatternOperation pattern) => pattern switch
    {
        IConstantPatternOperation constant => IsNullConstant(constant.Value),
        INegatedPatternOperation negated => IsNullPattern(negated.Pattern),
        _ => false,
    };

    /// <summary>True for extension methods of the tracing libraries themselves (<c>RecordException</c>, <c>SetStatus</c>).</summary>
    public static bool IsTracingExtension(IMethodSymbol method) =>
        method.IsExtensionMethod && IsTracingNamespace(method.ContainingNamespace);

    private static bool IsTracingExtensionOnAccessedSpan(IInvocationOperation call) =>
        call.Instance is null
        && IsTracingExtension(call.TargetMethod)
        && call.Arguments.Length > 0
        && SkipConversions(call.Arguments[0].Value) is IConditionalAccessInstanceOperation;

    /// <summary>System.Diagnostics, or OpenTelemetry and the namespaces under it; compared by parts, without allocating.</summary>
    public static bool IsTracingNamespace(INamespaceSymbol? ns) => IsSystemDiagnostics(ns) || IsUnderOpenTelemetry(ns);

    public static bool IsSystemDiagnostics(INamespaceSymbol? ns) =>
        ns is { Name: "Diagnostics", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    private static bool IsUnderOpenTelemetry(INamespaceSymbol? ns)
    {
        for (var current = ns; current is { IsGlobalNamespace: false }; current = current.ContainingNamespace)
        {
            if (current.ContainingNamespace is { IsGlobalNamespace: true })
            {
                return current.Name == "OpenTelemetry";
            }
        }

        return false;
    }
}
