using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Infrastructure;

namespace SignalContract.Analyzers.Traces;

/// <summary>What an expression yields, as far as owning a span goes.</summary>
internal enum SpanValueKind
{
    /// <summary>Anything not recognised: a parameter, a field, <c>Activity.Current</c>, a call of an unknown method.</summary>
    Other,

    /// <summary>Nothing to end: <c>null</c>, <c>default</c>, a throw, or an activity created but not started.</summary>
    Nothing,

    /// <summary>A span started for whoever receives the value, who must end it.</summary>
    Started,
}

/// <summary>
/// Recognises values that are started spans: a start, a call of a span factory, an <c>await</c> of an async factory,
/// a fluent call on one (<c>Source.StartActivity("x")?.SetTag(...)</c>), and <c>?:</c>, <c>??</c> and <c>switch</c>
/// expressions whose every branch is one of those or nothing, at least one being a start.
/// </summary>
internal static class SpanValue
{
    public static SpanValueKind Classify(IOperation? value, TracingTypes types, Func<ILocalReferenceOperation, SpanValueKind>? locals = null)
    {
        switch (value is null ? null : SpanOwnership.SkipConversions(value))
        {
            case null:
                return SpanValueKind.Other;
            case IThrowOperation:
            case IDefaultValueOperation:
            case { ConstantValue: { HasValue: true, Value: null } }:
                return SpanValueKind.Nothing;
            case IInvocationOperation call:
                return ClassifyCall(call, types, locals);
            case IObjectCreationOperation creation:
                if (types.SpanApiOf(creation.Type) is not null)
                {
                    return SpanValueKind.Nothing;
                }

                return types.Factories.HolderOf(creation.Type) is { } holder ? holder.Classify(creation, types, locals) : SpanValueKind.Other;
            case IConditionalAccessOperation access:
                // Started?.SetTag(...) is the started span; source?.StartActivity(...) is what the call gives, or null.
                return IsFluentOnAccessed(access.WhenNotNull, types)
                    ? Classify(access.Operation, types, locals)
                    : Classify(access.WhenNotNull, types, locals);
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                return Combine(Classify(conditional.WhenTrue, types, locals), Classify(whenFalse, types, locals));
            case ICoalesceOperation coalesce:
                return Combine(Classify(coalesce.Value, types, locals), Classify(coalesce.WhenNull, types, locals));
            case ISwitchExpressionOperation switchExpression:
                var kind = SpanValueKind.Nothing;
                foreach (var arm in switchExpression.Arms)
                {
                    kind = Combine(kind, Classify(arm.Value, types, locals));
                }

                return switchExpression.Arms.IsEmpty ? SpanValueKind.Other : kind;
            case IAwaitOperation await:
                return AwaitedFactory(await.Operation, types) is not null ? SpanValueKind.Started : SpanValueKind.Other;
            case ILocalReferenceOperation local when locals is not null:
                return locals(local);
            default:
                return SpanValueKind.Other;
        }
    }

    /// <summary>True for a started span or nothing to end: what a variable that owns a span may be given.</summary>
    public static bool IsStartedOrNothing(IOperation? value, TracingTypes types) =>
        Classify(value, types) != SpanValueKind.Other;

    /// <summary>
    /// The first start (a span start or factory call, in evaluation order) inside <paramref name="value"/>, which
    /// <see cref="Classify"/> found to be <see cref="SpanValueKind.Started"/>; null when there is none.
    /// </summary>
    public static IInvocationOperation? FirstStart(IOperation? value, TracingTypes types)
    {
        switch (value is null ? null : SpanOwnership.SkipConversions(value))
        {
            case IInvocationOperation call:
                if (types.StartsSpan(call))
                {
                    return call;
                }

                return call.Instance is null ? null : FirstStart(call.Instance, types);
            case IConditionalAccessOperation access:
                return FirstStart(access.Operation, types) ?? FirstStart(access.WhenNotNull, types);
            case IConditionalOperation conditional:
                return FirstStart(conditional.WhenTrue, types) ?? FirstStart(conditional.WhenFalse, types);
            case ICoalesceOperation coalesce:
                return FirstStart(coalesce.Value, types) ?? FirstStart(coalesce.WhenNull, types);
            case ISwitchExpressionOperation switchExpression:
                foreach (var arm in switchExpression.Arms)
                {
                    if (FirstStart(arm.Value, types) is { } start)
                    {
                        return start;
                    }
                }

                return null;
            case IAwaitOperation await:
                return AwaitedFactory(await.Operation, types);
            default:
                return null;
        }
    }

    /// <summary>The call of an async factory that <c>await</c> waits for, also through <c>ConfigureAwait(...)</c>.</summary>
    public static IInvocationOperation? AwaitedFactory(IOperation awaited, TracingTypes types)
    {
        awaited = SpanOwnership.SkipConversions(awaited);
        if (awaited is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } task })
        {
            awaited = SpanOwnership.SkipConversions(task);
        }

        return awaited is IInvocationOperation call && types.Factories.FactoryOf(call) is { IsAsync: true } ? call : null;
    }

    /// <summary>
    /// True for a call on a span that returns the span itself (<c>SetTag</c>, <c>AddEvent</c>, <c>SetStatus</c>...), or
    /// on a holder that returns the holder; not for an end, nor for a method that returns some other span.
    /// </summary>
    public static bool IsFluent(IInvocationOperation call, TracingTypes types) =>
        call.Instance is not null
        && !types.EndsSpan(call)
        && !types.IsSpanStart(call)
        && types.HeldSpanApiOf(call.Type) is not null
        && types.HeldSpanApiOf(call.TargetMethod.ContainingType) is not null;

    /// <summary>The <c>WhenNotNull</c> of <c>x?.SetTag(...).AddEvent(...)</c>: fluent calls down to what <c>?.</c> tested.</summary>
    private static bool IsFluentOnAccessed(IOperation operation, TracingTypes types)
    {
        switch (operation)
        {
            case IInvocationOperation call when IsFluent(call, types):
                return call.Instance is IConditionalAccessInstanceOperation || IsFluentOnAccessed(call.Instance!, types);
            case IConditionalAccessOperation nested:
                return IsFluentOnAccessed(nested.Operation, types) && IsFluentOnAccessed(nested.WhenNotNull, types);
            default:
                return false;
        }
    }

    private static SpanValueKind ClassifyCall(IInvocationOperation call, TracingTypes types, Func<ILocalReferenceOperation, SpanValueKind>? locals)
    {
        if (types.IsSpanStart(call))
        {
            return SpanValueKind.Started;
        }

        if (call.TargetMethod.Name == "CreateActivity" && TypeLookup.Is(call.TargetMethod.ContainingType, types.ActivitySource))
        {
            return SpanValueKind.Nothing;
        }

        if (IsFluent(call, types))
        {
            return Classify(call.Instance, types, locals);
        }

        return types.Factories.FactoryOf(call) is { IsAsync: false } ? SpanValueKind.Started : SpanValueKind.Other;
    }

    private static SpanValueKind Combine(SpanValueKind left, SpanValueKind right) =>
        left == SpanValueKind.Other || right == SpanValueKind.Other
            ? SpanValueKind.Other
            : left == SpanValueKind.Started || right == SpanValueKind.Started ? SpanValueKind.Started : SpanValueKind.Nothing;
}
