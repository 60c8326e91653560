using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Infrastructure;

namespace SignalContract.Analyzers.Traces;

/// <summary>OBS3002: a <c>catch</c> inside a span's lifetime that does not mark that span as failed.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SpanErrorAnalyzer : SignalContractAnalyzer
{
    /// <summary>Property key: the name of the span local the catch must record on.</summary>
    public const string SpanLocalProperty = "SpanLocal";

    /// <summary>Property key: <see cref="SpanApi"/> of that local, which decides the calls the fix writes.</summary>
    public const string SpanApiProperty = "SpanApi";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.SpanErrorNotRecorded);

    private protected override bool RequiresContract => false;

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, ContractModel contract)
    {
        if (!contract.Traces.RecordErrors)
        {
            return;
        }

        var types = TracingTypes.Create(context.Compilation);
        if (types is null)
        {
            return;
        }

        var canceled = TypeLookup.InCoreLibrary(context.Compilation, "System.OperationCanceledException");
        var analysis = new CatchAnalysis(types, canceled);
        context.RegisterOperationAction(analysis.AnalyzeTry, OperationKind.Try);
    }

    private sealed class CatchAnalysis
    {
        private readonly TracingTypes _types;
        private readonly INamedTypeSymbol? _canceled;

        public CatchAnalysis(TracingTypes types, INamedTypeSymbol? canceled)
        {
            _types = types;
            _canceled = canceled;
        }

        public void AnalyzeTry(OperationAnalysisContext context)
        {
            var tryOperation = (ITryOperation)context.Operation;
            if (tryOperation.Catches.IsEmpty)
            {
                return;
            }

            var span = EnclosingSpan.Find(tryOperation, _types);
            if (span is null || span.Local.Name.Length == 0)
            {
                return;
            }

            foreach (var catchClause in tryOperation.Catches)
            {
                var exception = (catchClause.ExceptionDeclarationOrExpression as IVariableDeclaratorOperation)?.Symbol;
                if (IsCancellation(catchClause.ExceptionType)
                    || Records(catchClause.Filter, span.Local, exception)
                    || Records(catchClause.Handler, span.Local, exception)
                    || (Rethrows(catchClause.Handler) && IsInsideTryWithCatchesWithin(tryOperation, span.Scope)))
                {
                    continue;
                }

                if (catchClause.Syntax is not CatchClauseSyntax syntax)
                {
                    continue;
                }

                var properties = ImmutableDictionary<string, string?>.Empty
                    .Add(SpanLocalProperty, span.Local.Name)
                    .Add(SpanApiProperty, span.Api.ToString());
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.SpanErrorNotRecorded,
                    syntax.CatchKeyword.GetLocation(),
                    properties,
                    span.Local.Name));
            }
        }

        // Cancellation is how an operation is stopped on purpose, not a failure of it.
        private bool IsCancellation(ITypeSymbol? exceptionType)
        {
            for (var current = exceptionType; current is not null && _canceled is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current, _canceled))
                {
                    return true;
                }
            }

            return false;
        }

        private bool Records(IOperation? root, ILocalSymbol span, ILocalSymbol? exception)
        {
            if (root is null)
            {
                return false;
            }

            foreach (var operation in root.Descendants())
            {
                if (operation is IInvocationOperation invocation && RecordsError(invocation, span, exception))
                {
                    return true;
                }
            }

            return false;
        }

        private bool RecordsError(IInvocationOperation invocation, ILocalSymbol span, ILocalSymbol? exception)
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

            // A helper of this project handed only the exception records on Activity.Current or a captured span.
            return passesException && HelperRecordsErrors(method);
        }

        private static bool HelperRecordsErrors(IMethodSymbol method)
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                foreach (var node in reference.GetSyntax().DescendantNodes())
                {
                    if (node is InvocationExpressionSyntax call
                        && (call.Expression as MemberAccessExpressionSyntax)?.Name.Identifier.ValueText is "SetStatus" or "RecordException" or "AddException")
                    {
                        return true;
                    }
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
            if (receiver is ILocalReferenceOperation local)
            {
                return SymbolEqualityComparer.Default.Equals(local.Local, span);
            }

            // Activity.Current / Tracer.CurrentSpan is the span started last on this flow: the enclosing one.
            return receiver is IPropertyReferenceOperation { Property.IsStatic: true, Property.Name: "Current" or "CurrentSpan" } property
                && _types.SpanApiOf(property.Type) is not null;
        }

        private static bool Rethrows(IOperation handler)
        {
            foreach (var operation in handler.Descendants())
            {
                if (operation is IThrowOperation)
                {
                    return true;
                }
            }

            return false;
        }

        // A rethrow reaches an outer catch inside the same span; that catch is checked on its own.
        private static bool IsInsideTryWithCatchesWithin(ITryOperation tryOperation, IOperation scope)
        {
            var child = (IOperation)tryOperation;
            for (var parent = tryOperation.Parent; parent is not null && parent != scope; parent = parent.Parent)
            {
                if (parent is ITryOperation outer && outer.Body == child && !outer.Catches.IsEmpty)
                {
                    return true;
                }

                child = parent;
            }

            return false;
        }
    }
}
