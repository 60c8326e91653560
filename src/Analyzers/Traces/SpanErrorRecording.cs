using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SignalContract.Analyzers.Traces;

/// <summary>
/// What records an error on a span: an error status, an exception event or an error attribute set on it, on
/// <c>Activity.Current</c> / <c>Tracer.CurrentSpan</c>, or through a helper. One instance per compilation: the helpers
/// it reads are remembered.
/// </summary>
internal sealed class SpanErrorRecording
{
    private static readonly object Recorder = new();

    private readonly Compilation _compilation;
    private readonly TracingTypes _types;
    private readonly InferenceCache<object> _helpers = new();

    public SpanErrorRecording(Compilation compilation, TracingTypes types)
    {
        _compilation = compilation;
        _types = types;
    }

    /// <summary>True when <paramref name="root"/> (a catch handler or filter), or something in it, records the error on <paramref name="span"/>.</summary>
    public bool Records(IOperation? root, ILocalSymbol span, ILocalSymbol? exception)
    {
        if (root is null)
        {
            return false;
        }

        foreach (var operation in root.DescendantsAndSelf())
        {
            if (operation is IInvocationOperation invocation && RecordsError(invocation, span, exception))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when <paramref name="invocation"/> records the error on <paramref name="span"/>: a recording call on it (or
    /// on the current span), a call handed the span (<c>Telemetry.Fail(activity, ex)</c>: the helper is trusted), or
    /// a method of this compilation handed the exception whose body records (<see cref="HelperRecordsErrors"/>).
    /// </summary>
    public bool RecordsError(IInvocationOperation invocation, ILocalSymbol span, ILocalSymbol? exception)
    {
        var method = invocation.TargetMethod;
        var receiver = method.IsExtensionMethod && !invocation.Arguments.IsEmpty && !method.Parameters.IsEmpty
            ? invocation.Arguments[0].Value
            : invocation.Instance;

        if (receiver is not null && IsTheSpan(receiver, span))
        {
            var api = _types.SpanApiOf(method.IsExtensionMethod ? method.Parameters[0].Type : method.ContainingType);
            if (api is not null || IsOpenTelemetryExtension(method))
            {
                return IsErrorRecording(invocation);
            }
        }

        if (IsOpenTelemetryExtension(method))
        {
            return false;
        }

        bool passesException = false;
        foreach (var argument in invocation.Arguments)
        {
            if (SpanReceiver.WithoutConversions(argument.Value) is ILocalReferenceOperation local)
            {
                // A helper handed the span (Telemetry.Fail(activity, ex)) owns the recording.
                if (SymbolEqualityComparer.Default.Equals(local.Local, span))
                {
                    return true;
                }

                passesException |= exception is not null && SymbolEqualityComparer.Default.Equals(local.Local, exception);
            }
        }

        // A helper of this project handed only the exception records on Activity.Current or a captured span;
        // a method of the span's holder (scope.Fail(ex)) records on the span it holds.
        return passesException && HelperRecordsErrors(method);
    }

    /// <summary>True for a call that marks the span it is made on as failed, whichever span that is.</summary>
    public bool IsRecordingCall(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.Name is not ("SetStatus" or "AddException" or "RecordException" or "SetTag" or "AddTag"))
        {
            return false;
        }

        var receiverType = method.IsExtensionMethod ? (method.Parameters.IsEmpty ? null : method.Parameters[0].Type) : method.ContainingType;
        return (_types.SpanApiOf(receiverType) is not null || IsOpenTelemetryExtension(method)) && IsErrorRecording(invocation);
    }

    /// <summary>
    /// True for a method of this compilation whose own statements record an error on some span
    /// (<c>Activity.Current?.SetStatus(ActivityStatusCode.Error, ...)</c>, a captured or stored span), or that hands
    /// one of its parameters to a method that does. Read on its operations, once per method.
    /// </summary>
    public bool HelperRecordsErrors(IMethodSymbol method) =>
        _types.Factories.IsDeclaredHere(method)
        && _helpers.GetOrInfer(method.OriginalDefinition, this, static (symbol, self) => self.InferHelper((IMethodSymbol)symbol) ? Recorder : null) is not null;

    private bool InferHelper(IMethodSymbol method)
    {
        var body = MethodBodies.Read(method, _compilation);
        if (body is null)
        {
            return false;
        }

        foreach (var operation in MethodBodies.OwnOperations(body))
        {
            if (operation is IInvocationOperation invocation
                && (IsRecordingCall(invocation) || (PassesParameterOf(invocation, method) && HelperRecordsErrors(invocation.TargetMethod))))
            {
                return true;
            }
        }

        return false;
    }

    private static bool PassesParameterOf(IInvocationOperation invocation, IMethodSymbol method)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (SpanReceiver.WithoutConversions(argument.Value) is IParameterReferenceOperation parameter
                && SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, method))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsOpenTelemetryExtension(IMethodSymbol method) =>
        _types.OpenTelemetryActivityExtensions is not null
        && SymbolEqualityComparer.Default.Equals(method.ContainingType, _types.OpenTelemetryActivityExtensions);

    private static bool IsErrorRecording(IInvocationOperation invocation)
    {
        switch (invocation.TargetMethod.Name)
        {
            case "AddException":
            case "RecordException":
                return true;
            case "SetStatus":
                // Activity.SetStatus(ActivityStatusCode, string) and the Status forms: only an error status records.
                var status = invocation.TargetMethod.IsExtensionMethod ? ArgumentAt(invocation, 1) : ArgumentAt(invocation, 0);
                return status is null || !IsKnownNonError(status);
            case "SetTag":
            case "AddTag":
                var key = ArgumentAt(invocation, 0)?.ConstantValue;
                return key is { HasValue: true, Value: string text }
                    && (text == "error.type" || text == "otel.status_code" || text.StartsWith("exception.", System.StringComparison.Ordinal));
            default:
                return false;
        }
    }

    // Status.Ok / ActivityStatusCode.Ok / Unset are the only statuses known not to be errors.
    private static bool IsKnownNonError(IOperation status)
    {
        status = SpanReceiver.WithoutConversions(status);
        if (status.ConstantValue is { HasValue: true, Value: int code })
        {
            // ActivityStatusCode: Unset = 0, Ok = 1, Error = 2.
            return code != 2;
        }

        return status is IPropertyReferenceOperation { Property.Name: "Ok" or "Unset" };
    }

    private static IOperation? ArgumentAt(IInvocationOperation invocation, int ordinal)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal)
            {
                return argument.Value;
            }
        }

        return null;
    }

    private bool IsTheSpan(IOperation receiver, ILocalSymbol span)
    {
        receiver = SpanReceiver.Of(receiver);
        switch (receiver)
        {
            case ILocalReferenceOperation local:
                return SymbolEqualityComparer.Default.Equals(local.Local, span);

            // scope.Activity, where scope holds the span.
            case IMemberReferenceOperation { Instance: { } instance } member when member is IPropertyReferenceOperation or IFieldReferenceOperation:
                return SpanReceiver.IsLocal(instance, span)
                    && _types.SpanApiOf(member.Type) is not null
                    && _types.Factories.HolderOf(span.Type) is not null;

            // Activity.Current / Tracer.CurrentSpan is the span started last on this flow: the enclosing one.
            case IPropertyReferenceOperation { Property.IsStatic: true, Property.Name: "Current" or "CurrentSpan" } property:
                return _types.SpanApiOf(property.Type) is not null;

            default:
                return false;
        }
    }
}
