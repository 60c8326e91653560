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
    private SpanDestination(SpanDestinationKind kind, ILocalSymbol? local, bool startedInPlace)
    {
        Kind = kind;
        Local = local;
        StartedInPlace = startedInPlace;
    }

    public SpanDestinationKind Kind { get; }

    public ILocalSymbol? Local { get; }

    /// <summary>True for <c>activity.Start()</c> on a local that already holds the (inert) activity.</summary>
    public bool StartedInPlace { get; }

    public static SpanDestination HandedOff { get; } = new(SpanDestinationKind.HandedOff, null, false);

    public static SpanDestination Discarded { get; } = new(SpanDestinationKind.Discarded, null, false);

    public static SpanDestination InLocal(ILocalSymbol local, bool startedInPlace) => new(SpanDestinationKind.Local, local, startedInPlace);
}

/// <summary>
/// Ownership questions answered on the operation tree: where a started span's value goes, and whether a local's
/// span ever leaves the function. Anything unrecognised counts as handed off, so the rule stays silent.
/// </summary>
internal static class SpanOwnership
{
    public static SpanDestination DestinationOf(IInvocationOperation start, TracingTypes types)
    {
        var destination = FollowValue(start, types);
        if (destination.Kind == SpanDestinationKind.Discarded && IsActivityStart(start))
        {
            // activity.Start() returns the activity itself: the receiver keeps the reference.
            return ReceiverOf(start) switch
            {
                ILocalReferenceOperation local => SpanDestination.InLocal(local.Local, startedInPlace: true),
                IObjectCreationOperation or IInvocationOperation => SpanDestination.Discarded,
                _ => SpanDestination.HandedOff,
            };
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
                && !IsStartInertOrNull(initializer.Value, types))
            {
                return false;
            }

            if (operation is ILocalReferenceOperation reference
                && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                && (IsCapturedBelow(reference, body) || !IsHarmlessUse(reference, types)))
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

    private static SpanDestination FollowValue(IOperation value, TracingTypes types)
    {
        var current = value;
        while (true)
        {
            switch (current.Parent)
            {
                case IConversionOperation conversion:
                    current = conversion;
                    continue;
                case IConditionalAccessOperation access when access.WhenNotNull == current:
                    current = access;
                    continue;
                case IConditionalAccessOperation access when access.Operation == current:
                    if (access.WhenNotNull is IInvocationOperation { Instance: IConditionalAccessInstanceOperation } memberCall)
                    {
                        if (types.IsSpanEnd(memberCall))
                        {
                            return SpanDestination.HandedOff;
                        }

                        if (types.SpanApiOf(memberCall.Type) is null)
                        {
                            return SpanDestination.Discarded;
                        }

                        current = access;
                        continue;
                    }

                    return access.WhenNotNull is IPropertyReferenceOperation { Instance: IConditionalAccessInstanceOperation }
                        ? SpanDestination.Discarded
                        : SpanDestination.HandedOff;
                case IInvocationOperation call when call.Instance == current:
                    if (types.IsSpanEnd(call))
                    {
                        return SpanDestination.HandedOff;
                    }

                    if (types.SpanApiOf(call.Type) is null)
                    {
                        return SpanDestination.Discarded;
                    }

                    // Fluent members (SetTag, AddEvent...) return the span itself.
                    current = call;
                    continue;
                case IPropertyReferenceOperation property when property.Instance == current:
                    return SpanDestination.Discarded;
                case IExpressionStatementOperation:
                    return SpanDestination.Discarded;
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    return IsUsingDeclaration(declarator) || declarator.Symbol.RefKind != RefKind.None
                        ? SpanDestination.HandedOff
                        : SpanDestination.InLocal(declarator.Symbol, startedInPlace: false);
                case ISimpleAssignmentOperation assignment when assignment.Value == current:
                    if (assignment.Parent is not IExpressionStatementOperation)
                    {
                        return SpanDestination.HandedOff;
                    }

                    return assignment.Target switch
                    {
                        ILocalReferenceOperation { Local.RefKind: RefKind.None } target => SpanDestination.InLocal(target.Local, startedInPlace: false),
                        IDiscardOperation => SpanDestination.Discarded,
                        _ => SpanDestination.HandedOff,
                    };
                default:
                    return SpanDestination.HandedOff;
            }
        }
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

    private static bool IsCapturedBelow(IOperation reference, IOperation body)
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

    private static bool IsHarmlessUse(ILocalReferenceOperation reference, TracingTypes types)
    {
        switch (reference.Parent)
        {
            case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                return assignment.Parent is IExpressionStatementOperation && IsStartInertOrNull(assignment.Value, types);
            case IInvocationOperation call when call.Instance == reference:
                return IsHarmlessMemberCall(call, call, types);
            case IPropertyReferenceOperation property when property.Instance == reference:
                return true;
            case IConditionalAccessOperation access when access.Operation == reference:
                return access.WhenNotNull switch
                {
                    IInvocationOperation { Instance: IConditionalAccessInstanceOperation } call => IsHarmlessMemberCall(call, access, types),
                    IPropertyReferenceOperation { Instance: IConditionalAccessInstanceOperation } => true,
                    IInvocationOperation extension => IsTracingExtensionOnAccessedSpan(extension),
                    _ => false,
                };
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
                return IsNullConstant(comparison.LeftOperand == reference ? comparison.RightOperand : comparison.LeftOperand);
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
    private static bool IsHarmlessMemberCall(IInvocationOperation call, IOperation result, TracingTypes types)
    {
        if (types.SpanApiOf(call.Type) is null)
        {
            return true;
        }

        var parent = result.Parent;
        return parent switch
        {
            IExpressionStatementOperation => true,
            IInvocationOperation next when next.Instance == result => IsHarmlessMemberCall(next, next, types),
            IConditionalAccessOperation access when access.Operation == result =>
                access.WhenNotNull is IInvocationOperation { Instance: IConditionalAccessInstanceOperation } next && IsHarmlessMemberCall(next, access, types),
            _ => false,
        };
    }

    private static bool IsStartInertOrNull(IOperation value, TracingTypes types)
    {
        value = SkipConversions(value);
        if (value is IConditionalAccessOperation access)
        {
            value = access.WhenNotNull;
        }

        return value switch
        {
            IInvocationOperation call => types.IsSpanStart(call) || call.TargetMethod.Name == "CreateActivity",
            IObjectCreationOperation creation => types.SpanApiOf(creation.Type) is not null,
            IDefaultValueOperation => true,
            _ => IsNullConstant(value),
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
